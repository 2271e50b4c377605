import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CallEvent } from '../../atlassian/index.ts';
import { createGovernance, type Governance, type JobQueue, type Store } from '../../core/index.ts';
import { type RunningDcEmulator, type RunningEmulator, startEmulator } from '../../emulator/index.ts';
import { type MailOutbox, openStore, type SignInState } from '../../store/index.ts';
import { randomToken } from '../auth/secrets.ts';
import type { SpacegateConfig } from '../config/schema.ts';
import { outboxMailer, smtpMailer } from '../mail/mailers.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { PolicyTexts } from '../policy-texts.ts';
import { type AggregationRuns, createAggregationRuns } from './aggregation-runs.ts';
import { buildConnector } from './connector.ts';
import { loadSources } from './sources.ts';

/** Demo mode's store when none is configured; wiped at each start (the emulator is fresh too). */
const DEMO_STORE_PATH = './data/demo.db';

/** Everything a process runs on: storage and its queue, the governance core, and in demo mode the emulator. */
export interface Runtime {
  demo: boolean;
  store: Store;
  queue: JobQueue;
  /** Revoked sessions and sign-in back-off, shared by every process on the store. */
  signIns: SignInState;
  governance: Governance;
  runs: AggregationRuns;
  policies: PolicyTexts;
  /** The demo's Cloud emulator (`demo.flavor: cloud`). */
  emulator: RunningEmulator | undefined;
  /** The demo's Data Center emulator (`demo.flavor: datacenter`). */
  dcEmulator: RunningDcEmulator | undefined;
  /** Notification mail sent or kept (the outbox page reads it). */
  outbox: MailOutbox;
  /** Where mail links point when `server.publicUrl` is not set: the address `start` listens on. */
  setListenUrl(url: string): void;
  close(): Promise<void>;
}

function demoStoreUrl(config: SpacegateConfig): string {
  if (config.store.url !== 'file:./data/spacegate.db') return config.store.url;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DEMO_STORE_PATH}${suffix}`, { force: true });
  return `file:${DEMO_STORE_PATH}`;
}

async function connectorJson(config: SpacegateConfig): Promise<unknown> {
  const file = config.atlassian?.connectorFile ?? '';
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `atlassian.connectorFile: cannot read ${file}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/**
 * Opens storage, the connector and the governance core. With no Atlassian site configured this
 * is demo mode: a fresh SQLite file and an in-process emulator (Cloud, or Data Center when
 * `demo.flavor` says so) seeded with the demo profile.
 */
export async function openRuntime(
  config: SpacegateConfig,
  logger: Logger,
  metrics: ServerMetrics,
): Promise<Runtime> {
  const demo = config.atlassian === undefined;
  const sources = await loadSources(config, demo);
  const { size, seed, emulatorPort: port, flavor } = config.demo;
  const emulator = demo && flavor === 'cloud' ? await startEmulator({ size, seed, port }) : undefined;
  const dcEmulator =
    demo && flavor === 'datacenter'
      ? await startEmulator({ flavor: 'datacenter', dcVersion: '9.2', size, seed, port })
      : undefined;
  const started = emulator ?? dcEmulator;
  if (started !== undefined) logger.info({ url: started.url, size, flavor }, 'demo mode: emulator started');
  const json = emulator?.connectorConfig() ?? dcEmulator?.connectorConfig() ?? (await connectorJson(config));
  let apiCalls = 0;
  const onCall = (event: CallEvent) => {
    metrics.connectorApiCalls.inc({ api: event.api, status: String(event.status) });
    apiCalls++;
  };
  const connector = buildConnector(json, onCall);
  const opened = await openStore({
    url: demo ? demoStoreUrl(config) : config.store.url,
    ...(config.store.schema === undefined ? {} : { schema: config.store.schema }),
    queue: { pollMs: Math.min(config.worker.pollMs, 1000) },
  });
  logger.info({ store: opened.store.kind }, 'store opened');
  let listenUrl = `http://localhost:${config.server.port}`;
  const baseUrl = () => config.server.publicUrl ?? listenUrl;
  const { smtp } = config.mail;
  const mailer =
    smtp === undefined
      ? outboxMailer({ baseUrl, outbox: opened.outbox })
      : smtpMailer({ smtp, from: config.mail.from, baseUrl, outbox: opened.outbox });
  const governance = createGovernance({
    notifications: { mailer, retryMs: config.mail.retrySeconds * 1000 },
    store: opened.store,
    queue: opened.queue,
    connector,
    aggregation: {
      owner: `${hostname()}:${process.pid}:${randomToken(4)}`,
      leaseMs: config.aggregation.leaseSeconds * 1000,
      apiCalls: () => apiCalls,
    },
    workflows: sources.workflows,
    driftPolicy: config.drift.defaultPolicy,
    reviewDeadlineNoticeMs:
      config.reviews.deadlineNoticeHours === 0 ? null : config.reviews.deadlineNoticeHours * 3_600_000,
    ...(sources.attributePolicy === undefined ? {} : { attributePolicy: sources.attributePolicy }),
  });
  await governance.recordPolicies(
    {
      workflows: sources.texts.workflows?.text,
      ...(sources.texts.attributes === undefined ? {} : { attributePolicy: sources.texts.attributes.text }),
    },
    'system',
  );
  const runs = createAggregationRuns({ aggregation: governance.aggregation, metrics, logger });
  return {
    demo,
    store: opened.store,
    queue: opened.queue,
    signIns: opened.signIns,
    governance,
    runs,
    policies: sources.texts,
    emulator,
    dcEmulator,
    outbox: opened.outbox,
    setListenUrl: (url) => {
      listenUrl = url;
    },
    close: async () => {
      await opened.close();
      await emulator?.close();
      await dcEmulator?.close();
    },
  };
}
