import { mkdirSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DRIFT_KINDS, FAILED_STATUSES } from '../core/index.ts';
import { adminRoutes } from './api/admin-routes.ts';
import { catalogRoutes } from './api/catalog-routes.ts';
import { directoryRoutes } from './api/directory-routes.ts';
import { driftRoutes } from './api/drift-routes.ts';
import { failureRoutes } from './api/failure-routes.ts';
import { opsRoutes } from './api/ops-routes.ts';
import { requestRoutes } from './api/request-routes.ts';
import { reviewRoutes } from './api/review-routes.ts';
import type { LocalUser, TokenEntry } from './auth/directory.ts';
import { newApiToken } from './auth/secrets.ts';
import { checkReferencedFiles } from './compose/check-files.ts';
import { dcDemoHrFile } from './compose/dc-demo.ts';
import { demoHrFile, demoUsers } from './compose/demo.ts';
import { useDemoFallbackApprover } from './compose/demo-policy.ts';
import { openRuntime, type Runtime } from './compose/runtime.ts';
import { type RunningWorker, startWorker } from './compose/worker.ts';
import { ConfigError } from './config/load.ts';
import type { SpacegateConfig } from './config/schema.ts';
import { createLogger } from './observability/logger.ts';
import { createServerMetrics, type ServerMetrics } from './observability/metrics.ts';
import { startMetricsServer } from './observability/metrics-route.ts';
import { registerAdminDirectoryPages } from './web/admin-directory-pages.ts';
import { registerAdminDriftPage } from './web/admin-drift-page.ts';
import { registerAdminFailuresPage } from './web/admin-failures-page.ts';
import { registerAdminOpsPages } from './web/admin-ops-pages.ts';
import { registerApproverPages } from './web/approver-pages.ts';
import { registerHomePage } from './web/home.ts';
import { registerOutboxPage } from './web/outbox-page.ts';
import { registerRequesterPages } from './web/requester-pages.ts';
import { registerReviewPages } from './web/review-pages.ts';
import type { DemoAccountHint } from './web/sign-in.ts';
import { buildWebServer } from './web-server.ts';

/** A running `spacegate start`: where it listens, the demo's accounts and token, and how to stop it. */
export interface RunningSpacegate {
  url: string;
  demo: boolean;
  demoAccounts: ReadonlyArray<DemoAccountHint>;
  /** An administrator API token made for this demo run (for the CLI); undefined outside demo mode. */
  demoToken: string | undefined;
  runtime: Runtime;
  app: FastifyInstance;
  /** Where /metrics is served when `server.metricsPort` puts it on a port of its own. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** Demo set-up: the sample HR file imported, a first aggregation, sign-in accounts and an API token. */
async function prepareDemo(runtime: Runtime, config: SpacegateConfig, logger: Logger) {
  const hr =
    runtime.emulator !== undefined
      ? demoHrFile(runtime.emulator)
      : runtime.dcEmulator !== undefined
        ? dcDemoHrFile(runtime.dcEmulator)
        : undefined;
  if (hr === undefined) return { users: [], hints: [], tokens: [], token: undefined };
  const { csv, people } = hr;
  if (config.store.url === 'file:./data/spacegate.db') {
    mkdirSync('data', { recursive: true, mode: 0o700 });
    writeFileSync('data/demo-hr.csv', csv, { mode: 0o600 });
  }
  await runtime.governance.identities.importHr('data/demo-hr.csv', csv, 'system');
  const report = await runtime.governance.aggregation.aggregate('system');
  logger.info({ summary: report }, 'demo: first aggregation done');
  const emails = new Set(
    (await runtime.store.transaction((tx) => tx.accounts.list())).map((a) => a.email.toLowerCase()),
  );
  const { users, hints } = await demoUsers(people, (email) => emails.has(email.toLowerCase()));
  const { token, sha256 } = newApiToken();
  const admin = users.find((u) => u.username === 'admin');
  const adminPerson = people.find((p) => p.email === admin?.identity);
  if (adminPerson !== undefined) await useDemoFallbackApprover(runtime, adminPerson.id);
  const tokens: TokenEntry[] = [
    {
      name: 'demo-cli',
      sha256,
      roles: ['administrator', 'approver', 'requester'],
      identity: admin?.identity,
    },
  ];
  return { users, hints, tokens, token };
}

/** Imports the configured HR file at start (outside demo mode), so identities are current. */
async function importConfiguredHr(runtime: Runtime, config: SpacegateConfig, logger: Logger): Promise<void> {
  const file = config.sources.hrFile;
  if (file === undefined || runtime.demo) return;
  const { createReadStream } = await import('node:fs');
  const report = await runtime.governance.identities.importHr(file, createReadStream(file), 'system');
  logger.info(
    { created: report.created.length, updated: report.updated.length, leavers: report.leavers.length },
    'HR source imported',
  );
}

/** `spacegate start`: one process serving the API, the web UI and (unless disabled) the fulfillment worker. */
export async function startSpacegate(options: {
  config: SpacegateConfig;
  logger?: Logger;
  metrics?: ServerMetrics;
  port?: number;
}): Promise<RunningSpacegate> {
  const { config } = options;
  const problems = await checkReferencedFiles(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const logger =
    options.logger ??
    createLogger({ level: config.log.level ?? (config.atlassian === undefined ? 'warn' : 'info') });
  const metrics = options.metrics ?? createServerMetrics();
  const runtime = await openRuntime(config, logger, metrics);
  let worker: RunningWorker | undefined;
  let metricsServer: { url: string; close(): Promise<void> } | undefined;
  try {
    await importConfiguredHr(runtime, config, logger);
    const demo = await prepareDemo(runtime, config, logger);
    metrics.registry.gauge('spacegate_queue_depth', 'Fulfillment jobs by state', async () =>
      queueDepth(runtime),
    );
    metrics.registry.gauge(
      'spacegate_failed_fulfillments',
      'Fulfillments that gave up after their retries and wait for an administrator, by status',
      async () => failedFulfillments(runtime),
    );
    metrics.registry.gauge(
      'spacegate_drift_open',
      'Drift findings no administrator has accepted or reverted yet, by kind',
      async () => openDrift(runtime),
    );
    const { store, governance, runs, policies } = runtime;
    const app = await buildWebServer({
      config,
      logger,
      metrics,
      signIns: runtime.signIns,
      readiness: [
        { name: 'store', check: () => store.transaction(async (tx) => void (await tx.identities.get('-'))) },
        { name: 'queue', check: async () => void (await runtime.queue.counts()) },
      ],
      extraUsers: demo.users as LocalUser[],
      extraTokens: demo.tokens,
      demoAccounts: demo.hints,
      routes: [
        ...catalogRoutes({ store, governance }),
        ...requestRoutes({ store, governance }),
        ...failureRoutes({ store, governance }),
        ...reviewRoutes({ store, governance }),
        ...driftRoutes({ governance }),
        ...adminRoutes({ store }),
        ...directoryRoutes({ store }),
        ...opsRoutes({ governance, runs, policies }),
      ],
      findIdentity: async (email) => {
        const found = await store.transaction((tx) => tx.identities.getByEmail(email));
        return found === undefined
          ? undefined
          : { name: `${found.firstName} ${found.lastName}`, active: found.status === 'active' };
      },
      pages: (instance, kit) => {
        registerHomePage(instance, { kit, store, runs, governance });
        registerRequesterPages(instance, { kit, store, governance });
        registerApproverPages(instance, { kit, store, governance });
        registerReviewPages(instance, { kit, store, governance });
        registerAdminDirectoryPages(instance, { kit, store });
        registerAdminFailuresPage(instance, { kit, store, governance });
        registerAdminDriftPage(instance, { kit, governance });
        registerAdminOpsPages(instance, { kit, store, runs, policies });
        registerOutboxPage(instance, { kit, outbox: runtime.outbox });
      },
    });
    if (config.worker.enabled) worker = await startWorker(runtime, { metrics, logger });
    metricsServer =
      config.server.metricsPort === undefined
        ? undefined
        : await startMetricsServer({
            host: config.server.host,
            port: config.server.metricsPort,
            logger,
            metrics,
            tokenSha256: config.server.metricsTokenSha256,
          });
    const interval = config.aggregation.intervalMinutes;
    const stopSchedule = interval === undefined ? () => undefined : runs.schedule(interval * 60_000);
    const address = await app.listen({ host: config.server.host, port: options.port ?? config.server.port });
    const url = address.replace('127.0.0.1', 'localhost');
    runtime.setListenUrl(url);
    return {
      url,
      demo: runtime.demo,
      demoAccounts: demo.hints,
      demoToken: demo.token,
      runtime,
      app,
      metricsUrl: metricsServer?.url,
      close: async () => {
        await metricsServer?.close();
        stopSchedule();
        await app.close();
        await worker?.stop();
        await runtime.close();
      },
    };
  } catch (error) {
    await metricsServer?.close();
    await worker?.stop();
    await runtime.close();
    throw error;
  }
}

/** `spacegate worker`: the fulfillment worker alone, for deployments with several processes on PostgreSQL. */
export async function startWorkerProcess(options: {
  config: SpacegateConfig;
  logger?: Logger;
}): Promise<{ metricsUrl: string | undefined; close(): Promise<void> }> {
  const problems = await checkReferencedFiles(options.config);
  if (problems.length > 0) throw new ConfigError(problems);
  if (options.config.atlassian === undefined) {
    throw new Error(
      'spacegate worker needs an Atlassian site (atlassian.connectorFile); in demo mode `spacegate start` runs the worker',
    );
  }
  const logger = options.logger ?? createLogger({ level: options.config.log.level ?? 'info' });
  const metrics = createServerMetrics();
  const runtime = await openRuntime(options.config, logger, metrics);
  const worker = await startWorker(runtime, { metrics, logger });
  metrics.registry.gauge('spacegate_queue_depth', 'Fulfillment jobs by state', async () =>
    queueDepth(runtime),
  );
  const port = options.config.worker.metricsPort;
  const metricsServer =
    port === undefined
      ? undefined
      : await startMetricsServer({
          host: options.config.server.host,
          port,
          logger,
          metrics,
          tokenSha256: options.config.server.metricsTokenSha256,
        });
  return {
    metricsUrl: metricsServer?.url,
    close: async () => {
      await metricsServer?.close();
      await worker.stop();
      await runtime.close();
    },
  };
}

/** Failed and partly done requests, counted by the store (a total, no rows loaded). */
async function failedFulfillments(runtime: Runtime) {
  return runtime.store.transaction(async (tx) =>
    Promise.all(
      FAILED_STATUSES.map(async (status) => {
        const page = await tx.requests.page({ limit: 1, status: [status], withTotal: true });
        return { labels: { status }, value: page.total ?? 0 };
      }),
    ),
  );
}

/** Open drift findings per kind, counted by the store in one grouped query (no rows loaded). */
async function openDrift(runtime: Runtime) {
  const counts = await runtime.store.transaction((tx) => tx.drift.counts());
  return DRIFT_KINDS.map((kind) => ({ labels: { kind }, value: counts.open[kind] }));
}

async function queueDepth(runtime: Runtime) {
  const counts = await runtime.queue.counts();
  return [
    { labels: { state: 'queued' }, value: counts.queued },
    { labels: { state: 'active' }, value: counts.active },
  ];
}
