import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthDirectory } from '../auth/directory.ts';
import type { Principal } from '../auth/principal.ts';
import { randomToken } from '../auth/secrets.ts';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, type SessionCodec } from '../auth/session.ts';
import { METRICS_PATH } from '../observability/metrics-route.ts';
import { parseCookies, serializeCookie } from './cookies.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once authenticated; undefined for anonymous requests. */
    principal: Principal | undefined;
    /** Parsed Cookie header. */
    cookieMap: Map<string, string>;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How the auth hooks read and write cookies and tokens. */
export interface AuthHooksOptions {
  directory: AuthDirectory;
  sessions: SessionCodec;
  /** Secure cookies (behind https). */
  secureCookies(request: FastifyRequest): boolean;
}

/** The value a form's CSRF token is bound to: the session id, else a pre-session cookie set now. */
export function csrfTokenFor(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AuthHooksOptions,
): string {
  const sessionId = request.principal?.sessionId;
  if (sessionId !== undefined) return options.sessions.csrfToken(sessionId);
  let binding = request.cookieMap.get(PRE_SESSION_COOKIE);
  if (binding === undefined) {
    binding = randomToken(18);
    request.cookieMap.set(PRE_SESSION_COOKIE, binding);
    reply.header(
      'set-cookie',
      serializeCookie(PRE_SESSION_COOKIE, binding, {
        secure: options.secureCookies(request),
        maxAgeSeconds: 3600,
      }),
    );
  }
  return options.sessions.csrfToken(binding);
}

function submittedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body;
  if (typeof body === 'object' && body !== null && '_csrf' in body) {
    const value = (body as { _csrf: unknown })._csrf;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * Authenticates every request (bearer API token, else session cookie) and checks the CSRF token on
 * every state-changing request that a browser's cookie authenticated, and on the sign-in form.
 */
export function installAuthHooks(app: FastifyInstance, options: AuthHooksOptions): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('cookieMap', undefined as unknown as Map<string, string>);
  app.addHook('onRequest', async (request) => {
    request.cookieMap = parseCookies(request.headers.cookie);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const program = match?.[1] === undefined ? undefined : options.directory.program(match[1]);
      if (program === undefined) {
        // The scrape token is no API token: /metrics checks it itself (observability/metrics-route.ts).
        if (request.url.split('?')[0] === METRICS_PATH) return;
        throw new ApiError('auth.invalid_credentials', 'unknown or malformed API token');
      }
      request.principal = program;
      return;
    }
    const claims = await options.sessions.read(request.cookieMap.get(SESSION_COOKIE));
    if (claims?.sso !== undefined)
      request.principal = options.directory.ssoPerson(claims.user, claims.sid, claims.sso);
    else
      request.principal =
        claims === undefined ? undefined : options.directory.person(claims.user, claims.sid);
  });
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method)) return;
    const principal = request.principal;
    if (principal?.kind === 'token') return;
    const binding = principal?.sessionId ?? request.cookieMap.get(PRE_SESSION_COOKIE);
    if (binding === undefined) {
      if (principal === undefined) return;
      throw new ApiError('csrf.invalid', 'missing CSRF token');
    }
    if (!options.sessions.checkCsrf(binding, submittedCsrf(request))) {
      throw new ApiError('csrf.invalid', 'missing or invalid CSRF token; reload the page and try again');
    }
  });
}
