import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { SignInState } from '../../store/index.ts';
import { addressLimitStore } from '../auth/address-limit-store.ts';
import type { AuthDirectory } from '../auth/directory.ts';
import type { SessionCodec } from '../auth/session.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import { installAuthHooks } from './auth-hooks.ts';
import { ApiError, toErrorResponse } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import { type ApiRoute, registerRoutes } from './route.ts';

/** What the HTTP app is built from; the composition root supplies it. */
export interface AppParts {
  logger: Logger;
  directory: AuthDirectory;
  sessions: SessionCodec;
  /** Sign-in state in the store; the per-address limit counts there, for every process. */
  signIns: SignInState;
  metrics: ServerMetrics;
  routes: ReadonlyArray<ApiRoute>;
  /** Adds the web pages (server-rendered HTML) to the app. */
  pages?: (app: FastifyInstance) => void;
  /** Renders an error for a browser (web pages); API paths always get JSON. */
  renderErrorPage?: (status: number, message: string, request: FastifyRequest) => string;
  trustProxy: boolean;
  /** Whether cookies set for this request must be Secure (behind https). */
  secureCookies(request: FastifyRequest): boolean;
  version: string;
}

/** A route as registered: method and URL (Fastify path syntax). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/** Records every route the app registers (pages, API, plugins), so tests can check each one. */
function recordRoutes(app: FastifyInstance): RegisteredRoute[] {
  const table: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
  return table;
}

/** Parses a urlencoded form; a repeated field (checkboxes) becomes an array. */
function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const prior = fields[key];
    fields[key] = prior === undefined ? value : [prior, value].flat();
  }
  return fields;
}

function wantsJson(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api/') ||
    request.headers.authorization !== undefined ||
    !/html/.test(request.headers.accept ?? '')
  );
}

/** Builds the Fastify app: auth hooks, guarded API routes, OpenAPI and its reference page, web pages, errors. */
export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: parts.logger as FastifyBaseLogger,
    trustProxy: parts.trustProxy,
    bodyLimit: 1_048_576,
  });
  const { secureCookies } = parts;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, formFields(String(body)));
    },
  );
  app.decorate('routeTable', recordRoutes(app));
  await app.register(fastifyRateLimit, {
    global: false,
    store: addressLimitStore(parts.signIns),
    errorResponseBuilder: (_request, context) =>
      new ApiError('auth.rate_limited', `too many attempts from this address; try again in ${context.after}`),
  });
  installAuthHooks(app, { directory: parts.directory, sessions: parts.sessions, secureCookies });
  app.decorate('secureCookies', secureCookies);
  app.addHook('onResponse', async (request, reply) => {
    parts.metrics.httpRequests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('x-frame-options', 'DENY');
      // Pages carry a person's data and a CSRF token: never kept, so Back after sign-out shows nothing.
      reply.header('cache-control', 'no-store');
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
      );
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const { status, body, internal } = toErrorResponse(error);
    if (internal) request.log.error({ err: error }, 'unhandled error');
    if (!wantsJson(request) && parts.renderErrorPage !== undefined) {
      if (status === 401) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return reply
        .code(status)
        .type('text/html')
        .send(parts.renderErrorPage(status, body.message, request));
    }
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new ApiError('api.not_found', `no route for ${request.method} ${request.url.split('?')[0]}`);
  });

  const document = buildOpenApi(parts.routes, { version: parts.version });
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => document);
  registerRoutes(app, parts.routes);
  parts.pages?.(app);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether cookies set for this request must be Secure. */
    secureCookies(request: FastifyRequest): boolean;
    /** Every route registered, in order (HEAD routes Fastify adds for GET included). */
    routeTable: ReadonlyArray<RegisteredRoute>;
  }
}
