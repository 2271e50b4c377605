import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Job, JobHandler, JobPayload, JobQueue, QueueCounts } from '../../core/index.ts';
import type { JobRepository } from '../../core/ports/store.ts';
import type { Database } from '../schema.ts';

/** The pg-boss queue that carries fulfillment jobs. */
const FULFILLMENT_QUEUE = 'fulfillment';
const RETRY_LIMIT = 4;

/** A started pg-boss and how to stop it. */
export interface BossHandle {
  boss: PgBoss;
  schema: string;
  stopAll(): Promise<void>;
}

/** Starts pg-boss in its own schema (it migrates itself) and creates the fulfillment queue. */
export async function startBoss(options: {
  url: string;
  schema: string;
  jobTimeoutSeconds: number;
  maintenanceIntervalSeconds: number;
  retryDelaySeconds: number;
}): Promise<BossHandle> {
  const boss = new PgBoss({
    connectionString: options.url,
    schema: options.schema,
    max: 4,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(FULFILLMENT_QUEUE, {
    name: FULFILLMENT_QUEUE,
    retryLimit: RETRY_LIMIT,
    retryDelay: options.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: options.jobTimeoutSeconds,
  });
  return {
    boss,
    schema: options.schema,
    stopAll: () => boss.stop({ graceful: true, wait: true, close: true }),
  };
}

/** A stable UUID from the idempotency key, so pg-boss's `ON CONFLICT DO NOTHING` drops a second enqueue. */
function jobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Sends jobs through pg-boss on the caller's transaction, so the job commits with the change. */
export function pgBossJobRepository(handle: BossHandle, tx: Kysely<Database>): JobRepository {
  const db = {
    executeSql: async (text: string, values: unknown[]) => {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
  return {
    async enqueue(job) {
      await handle.boss.send(FULFILLMENT_QUEUE, job.payload, {
        id: jobId(job.key),
        singletonKey: job.key,
        db,
      });
    },
  };
}

/**
 * Workers on pg-boss: a retryable failure is thrown so pg-boss retries it with backoff; a job
 * whose worker died expires after the job timeout and is retried.
 */
export function createPgBossQueue(handle: BossHandle, options: { concurrency?: number } = {}): JobQueue {
  const workers: string[] = [];
  return {
    async start(handler: JobHandler) {
      const concurrency = options.concurrency ?? 2;
      for (let i = 0; i < concurrency; i++) {
        let id: string | undefined;
        id = await handle.boss.work<JobPayload>(
          FULFILLMENT_QUEUE,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
          async (jobs) => {
            for (const raw of jobs) {
              const job: Job = {
                id: raw.id,
                key: raw.singletonKey ?? raw.id,
                payload: raw.data,
                attempt: raw.retryCount + 1,
                maxAttempts: raw.retryLimit + 1,
              };
              const outcome = await handler(job);
              if (outcome.status === 'failed' && outcome.retryable) throw new Error(outcome.error);
              if (outcome.status === 'deferred') {
                // Completing this job and sending a later one keeps the retry budget for real failures;
                // a crash between the two leaves this job to expire and run again, which is harmless.
                await handle.boss.send(FULFILLMENT_QUEUE, raw.data, {
                  singletonKey: job.key,
                  startAfter: Math.max(1, Math.ceil(outcome.delayMs / 1000)),
                });
              }
            }
            // pg-boss waits out the rest of its polling interval after every batch; a worker that
            // just finished a job asks again at once (an empty queue still waits the interval).
            if (id !== undefined) handle.boss.notifyWorker(id);
          },
        );
        workers.push(id);
      }
    },
    async stop() {
      for (const id of workers.splice(0)) await handle.boss.offWork({ id });
    },
    async counts(): Promise<QueueCounts> {
      const rows = await handle.boss
        .getDb()
        .executeSql(
          `SELECT state, count(*)::int AS n FROM ${handle.schema}.job WHERE name = $1 GROUP BY state`,
          [FULFILLMENT_QUEUE],
        );
      const counts: QueueCounts = { queued: 0, active: 0, done: 0, failed: 0 };
      for (const row of rows.rows as Array<{ state: string; n: number }>) {
        if (row.state === 'created' || row.state === 'retry') counts.queued += row.n;
        else if (row.state === 'active') counts.active += row.n;
        else if (row.state === 'completed') counts.done += row.n;
        else if (row.state === 'failed') counts.failed += row.n;
      }
      return counts;
    },
  };
}
