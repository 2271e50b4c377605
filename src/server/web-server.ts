import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SignInState } from '../store/index.ts';
import { type ReadinessCheck, systemRoutes } from './api/system.ts';
import { createAuthDirectory, type LocalUser, type TokenEntry } from './auth/directory.ts';
import { createHashGate } from './auth/hash-gate.ts';
import { createOidcClient } from './auth/oidc-client.ts';
import { randomToken } from './auth/secrets.ts';
import { createSessionCodec } from './auth/session.ts';
import { createSignInGuard } from './auth/sign-in-guard.ts';
import type { SpacegateConfig } from './config/schema.ts';
import { buildApp } from './http/app.ts';
import type { ApiRoute } from './http/route.ts';
import type { ServerMetrics } from './observability/metrics.ts';
import { registerMetricsRoute } from './observability/metrics-route.ts';
import { createPageKit, type PageKit } from './web/page-kit.ts';
import { type DemoAccountHint, registerSignInPages } from './web/sign-in.ts';
import { registerSsoPages } from './web/sso-pages.ts';

/** The version the API reports. */
export const VERSION = '0.1.0';

/** What the web server is assembled from; `routes` and `pages` come from the governance services. */
export interface WebServerParts {
  config: SpacegateConfig;
  logger: Logger;
  metrics: ServerMetrics;
  readiness: ReadonlyArray<ReadinessCheck>;
  /** Revoked sessions and sign-in back-off, in the store (`OpenedStore.signIns`). */
  signIns: SignInState;
  /** Sign-in accounts beyond the configured ones (the demo's), with their hashes. */
  extraUsers?: ReadonlyArray<LocalUser>;
  extraTokens?: ReadonlyArray<TokenEntry>;
  demoAccounts?: ReadonlyArray<DemoAccountHint>;
  routes?: ReadonlyArray<ApiRoute>;
  pages?: (app: FastifyInstance, kit: PageKit) => void;
  /** The identity a single sign-on email names (case-insensitive); without it every SSO email is unknown. */
  findIdentity?: (email: string) => Promise<{ name: string; active: boolean } | undefined>;
}

/** Assembles the HTTP server: auth, the API with its OpenAPI document, the web pages, metrics (unless on their own port). */
export async function buildWebServer(parts: WebServerParts): Promise<FastifyInstance> {
  const { config } = parts;
  const demo = config.atlassian === undefined;
  const directory = createAuthDirectory({
    users: config.auth.localSignIn ? [...config.auth.users, ...(parts.extraUsers ?? [])] : [],
    tokens: [...config.auth.apiTokens, ...(parts.extraTokens ?? [])],
  });
  if (config.server.sessionSecret === undefined && !demo) {
    parts.logger.warn('server.sessionSecret is not set: sessions end when this process stops');
  }
  const secret = config.server.sessionSecret ?? randomToken(32);
  const sessions = createSessionCodec({
    secret,
    hours: config.server.sessionHours,
    revocations: parts.signIns,
  });
  const limits = config.auth.signIn;
  const guard = createSignInGuard({
    store: parts.signIns,
    secret,
    freeFailures: limits.freeFailures,
    maxDelayMs: limits.maxDelaySeconds * 1000,
  });
  const gate = createHashGate({ concurrency: limits.concurrentChecks, queue: 32 });
  const secureCookies = (request: { protocol: string }) =>
    config.server.publicUrl?.startsWith('https:') === true || request.protocol === 'https';
  const oidc = config.auth.oidc;
  const kit = createPageKit({ directory, sessions, secureCookies, demo });
  const app = await buildApp({
    logger: parts.logger,
    directory,
    sessions,
    signIns: parts.signIns,
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
      if (config.server.metricsPort === undefined) {
        const access = { tokenSha256: config.server.metricsTokenSha256, open: false };
        registerMetricsRoute(instance, parts.metrics, access);
      }
      registerSignInPages(instance, {
        kit,
        directory,
        sessions,
        guard,
        gate,
        perAddressPerMinute: limits.perAddressPerMinute,
        demoAccounts: config.auth.localSignIn ? (parts.demoAccounts ?? []) : [],
        ssoLabel: oidc?.label,
        localSignIn: config.auth.localSignIn,
      });
      registerSsoPages(instance, {
        kit,
        sessions,
        client:
          oidc === undefined
            ? undefined
            : createOidcClient(
                oidc,
                `${(config.server.publicUrl ?? '').replace(/\/+$/, '')}/sign-in/oidc/callback`,
              ),
        claims: {
          email: oidc?.emailClaim ?? 'email',
          name: oidc?.nameClaim ?? 'name',
          groups: oidc?.groupsClaim ?? 'groups',
        },
        groupRoles: oidc?.groupRoles ?? [],
        findIdentity: parts.findIdentity ?? (async () => undefined),
      });
      parts.pages?.(instance, kit);
    },
  });
  return app;
}
