import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { hasRole } from '../auth/principal.ts';
import { safeEqual, sha256Hex } from '../auth/secrets.ts';
import { ApiError, toErrorResponse } from '../http/errors.ts';
import type { ServerMetrics } from './metrics.ts';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** Who may read /metrics: the metrics token, or (on the main port) an administrator or auditor. */
export interface MetricsAccess {
  /** SHA-256 hex of the scrape token (`server.metricsTokenSha256`); undefined: no token. */
  tokenSha256: string | undefined;
  /** Whether a caller needs no credentials (a separate metrics port without a token). */
  open: boolean;
}

function bearer(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/** Refuses a scrape that the access rule does not allow: 401 without credentials, 403 with the wrong role. */
function checkScrape(request: FastifyRequest, access: MetricsAccess): void {
  if (access.open) return;
  const token = bearer(request);
  if (
    token !== undefined &&
    access.tokenSha256 !== undefined &&
    safeEqual(sha256Hex(token), access.tokenSha256)
  )
    return;
  const principal = request.principal;
  if (principal !== undefined && hasRole(principal, 'administrator', 'auditor')) return;
  if (principal === undefined) throw new ApiError('auth.required', 'send the metrics token');
  throw new ApiError('auth.forbidden', 'metrics need the metrics token or the administrator or auditor role');
}

/** Adds GET /metrics (Prometheus text format) to an app, behind the access rule. */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: ServerMetrics,
  access: MetricsAccess,
): void {
  app.get(METRICS_PATH, async (request, reply) => {
    checkScrape(request, access);
    return reply.type('text/plain; version=0.0.4').send(await metrics.registry.render());
  });
}

/** A listener of its own for /health and /metrics (`server.metricsPort`, `worker.metricsPort`); its URL and how to stop it. */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  logger: Logger;
  metrics: ServerMetrics;
  tokenSha256: string | undefined;
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toErrorResponse(error);
    return reply.code(status).send(body);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  registerMetricsRoute(app, options.metrics, {
    tokenSha256: options.tokenSha256,
    open: options.tokenSha256 === undefined,
  });
  const url = await app.listen({ host: options.host, port: options.port });
  return { url, close: () => app.close() };
}
