import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type ReadinessCheck, systemRoutes } from './api/system.ts';
import { createAuthDirectory, type LocalUser, type TokenEntry } from './auth/directory.ts';
import { randomToken } from './auth/secrets.ts';
import { createSessionCodec } from './auth/session.ts';
import type { SpacegateConfig } from './config/schema.ts';
import { buildApp } from './http/app.ts';
import type { ApiRoute } from './http/route.ts';
import type { ServerMetrics } from './observability/metrics.ts';
import { createPageKit, type PageKit } from './web/page-kit.ts';
import { type DemoAccountHint, registerSignInPages } from './web/sign-in.ts';

/** The version the API reports. */
export const VERSION = '0.1.0';

/** What the web server is assembled from; `routes` and `pages` come from the governance services. */
export interface WebServerParts {
  config: SpacegateConfig;
  logger: Logger;
  metrics: ServerMetrics;
  readiness: ReadonlyArray<ReadinessCheck>;
  /** Sign-in accounts beyond the configured ones (the demo's), with their hashes. */
  extraUsers?: ReadonlyArray<LocalUser>;
  extraTokens?: ReadonlyArray<TokenEntry>;
  demoAccounts?: ReadonlyArray<DemoAccountHint>;
  routes?: ReadonlyArray<ApiRoute>;
  pages?: (app: FastifyInstance, kit: PageKit) => void;
}

/** Assembles the HTTP server: auth, the API with its OpenAPI document, the web pages, metrics. */
export async function buildWebServer(parts: WebServerParts): Promise<FastifyInstance> {
  const { config } = parts;
  const demo = config.atlassian === undefined;
  const directory = createAuthDirectory({
    users: [...config.auth.users, ...(parts.extraUsers ?? [])],
    tokens: [...config.auth.apiTokens, ...(parts.extraTokens ?? [])],
  });
  if (config.server.sessionSecret === undefined && !demo) {
    parts.logger.warn('server.sessionSecret is not set: sessions end when this process stops');
  }
  const sessions = createSessionCodec({
    secret: config.server.sessionSecret ?? randomToken(32),
    hours: config.server.sessionHours,
  });
  const secureCookies = (request: { protocol: string }) =>
    config.server.publicUrl?.startsWith('https:') === true || request.protocol === 'https';
  const kit = createPageKit({ directory, sessions, secureCookies, demo });
  const app = await buildApp({
    logger: parts.logger,
    directory,
    sessions,
    metrics: parts.metrics,
    routes: [
      ...systemRoutes({ readiness: parts.readiness, version: VERSION, demo }),
      ...(parts.routes ?? []),
    ],
    renderErrorPage: kit.errorPage,
    trustProxy: config.server.trustProxy,
    secureCookies,
    version: VERSION,
    pages: (instance) => {
      instance.get('/metrics', async (_request, reply) =>
        reply.type('text/plain; version=0.0.4').send(await parts.metrics.registry.render()),
      );
      registerSignInPages(instance, { kit, directory, sessions, demoAccounts: parts.demoAccounts ?? [] });
      parts.pages?.(instance, kit);
    },
  });
  return app;
}
