import type { FastifyInstance } from 'fastify';

/**
 * Replaces, in one Fastify scope, the parser of these JSON media types with one that reads an empty
 * body as no body (clients send Content-Type on bodiless GETs and DELETEs, which Atlassian accepts)
 * and answers JSON it cannot read with the scope's own error, made by `malformed`.
 */
export function acceptEmptyJson(app: FastifyInstance, types: string[], malformed: () => Error): void {
  app.removeContentTypeParser(types);
  app.addContentTypeParser(types, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(malformed(), undefined);
    }
  });
}
