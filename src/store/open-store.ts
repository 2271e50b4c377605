import type { JobQueue, Store } from '../core/index.ts';
import { openPostgres } from './postgres/open-postgres.ts';
import { createPgBossQueue } from './postgres/pg-boss-queue.ts';
import { type MailOutbox, mailOutbox } from './repositories/mail-outbox.ts';
import { type SignInState, signInState } from './repositories/sign-in-state.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import { createSqliteQueue, type SqliteQueueOptions } from './sqlite/sqlite-queue.ts';

/** How to open storage: the URL picks the adapter (`file:./data/spacegate.db` or `postgres://…`). */
export interface OpenStoreOptions {
  url: string;
  /** PostgreSQL schema for this deployment or test run (default `public`). */
  schema?: string;
  /** Worker tuning: how many jobs at once, and how soon a dead worker's job is taken up again. */
  queue?: { concurrency?: number; jobTimeoutSeconds?: number; pollMs?: number; backoffMs?: number };
}

/** The opened store and the job queue that runs its fulfillment jobs. */
export interface OpenedStore {
  store: Store;
  queue: JobQueue;
  /** Revoked sessions and sign-in back-off, shared by every process on this store. */
  signIns: SignInState;
  /** Notification mail sent or kept, by idempotency key (the mail adapter's record, not a core port). */
  outbox: MailOutbox;
  /** Stops the queue's workers, then closes the database. */
  close(): Promise<void>;
}

/** Opens the store named by the URL, migrates it to the latest version and returns it with its queue. */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const q = options.queue ?? {};
  if (options.url.startsWith('postgres://') || options.url.startsWith('postgresql://')) {
    const handle = await openPostgres({
      url: options.url,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      jobTimeoutSeconds: q.jobTimeoutSeconds ?? 300,
      maintenanceIntervalSeconds: Math.max(1, Math.min(30, q.jobTimeoutSeconds ?? 30)),
      retryDelaySeconds: Math.max(1, Math.round((q.backoffMs ?? 1000) / 1000)),
    });
    const queue = createPgBossQueue(handle.boss, { concurrency: q.concurrency ?? 2 });
    return {
      store: handle.store,
      queue,
      signIns: signInState(handle.db),
      outbox: mailOutbox(handle.db),
      close: async () => {
        await queue.stop();
        await handle.store.close();
      },
    };
  }
  if (!options.url.startsWith('file:')) {
    throw new Error(`store.url: expected file: or postgres: URL, got ${options.url.split(':')[0]}:`);
  }
  const handle = await openSqlite(options.url.slice('file:'.length));
  const queueOptions: SqliteQueueOptions = {
    concurrency: q.concurrency ?? 2,
    leaseMs: (q.jobTimeoutSeconds ?? 30) * 1000,
    ...(q.pollMs === undefined ? {} : { pollMs: q.pollMs }),
    ...(q.backoffMs === undefined ? {} : { backoffMs: q.backoffMs }),
  };
  const queue = createSqliteQueue(handle.db, queueOptions);
  return {
    store: handle.store,
    queue,
    signIns: signInState(handle.db),
    outbox: mailOutbox(handle.db),
    close: async () => {
      await queue.stop();
      await handle.store.close();
    },
  };
}
