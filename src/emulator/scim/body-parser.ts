import type { FastifyInstance } from 'fastify';

/** The media types a SCIM request body may have (Atlassian accepts both). */
const JSON_TYPES = ['application/scim+json', 'application/json'];

/**
 * Replaces, inside the SCIM scope only, the JSON parsers with one that reads an empty body as
 * no body (IdPs send `Content-Type` on GET and DELETE too) and reports bad JSON as a 400 that
 * the scope's error handler turns into `invalidSyntax`.
 */
export function installScimBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(JSON_TYPES);
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });
}
