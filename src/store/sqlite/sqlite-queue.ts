import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Job, JobHandler, JobPayload, JobQueue, QueueCounts } from '../../core/index.ts';
import type { Database } from '../schema.ts';

/** Timing of the in-process worker; tests shorten the lease to recover a killed worker quickly. */
export interface SqliteQueueOptions {
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  /** First retry delay; doubles on each attempt. */
  backoffMs?: number;
}

/**
 * The in-process worker over the jobs table. A job is claimed by taking a lease in one
 * `BEGIN IMMEDIATE` transaction; the lease is renewed while the job runs, and a job whose lease ran
 * out (its worker died) is claimed again. Retryable failures wait `backoffMs * 2^(attempt-1)`;
 * a deferred job waits its delay and keeps its attempt.
 */
export function createSqliteQueue(db: Kysely<Database>, options: SqliteQueueOptions = {}): JobQueue {
  const concurrency = options.concurrency ?? 2;
  const pollMs = options.pollMs ?? 200;
  const leaseMs = options.leaseMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 1_000;
  const owner = randomUUID();
  let running = false;
  const loops: Promise<void>[] = [];

  const claim = async (): Promise<Job | undefined> =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const now = new Date();
        const row = await conn
          .selectFrom('jobs')
          .selectAll()
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now.toISOString())]),
              eb.and([eb('status', '=', 'active'), eb('lease_until', '<', now.toISOString())]),
            ]),
          )
          .orderBy('run_after')
          .limit(1)
          .executeTakeFirst();
        if (row !== undefined) {
          await conn
            .updateTable('jobs')
            .set({
              status: 'active',
              attempts: row.attempts + 1,
              lease_owner: owner,
              lease_until: new Date(now.getTime() + leaseMs).toISOString(),
              updated_at: now.toISOString(),
            })
            .where('id', '=', row.id)
            .execute();
        }
        await sql`commit`.execute(conn);
        if (row === undefined) return undefined;
        return {
          id: row.id,
          key: row.key,
          payload: JSON.parse(row.payload) as JobPayload,
          attempt: row.attempts + 1,
          maxAttempts: row.max_attempts,
        };
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });

  const finish = async (job: Job, patch: Partial<Database['jobs']>): Promise<void> => {
    await db
      .updateTable('jobs')
      .set({ ...patch, lease_owner: null, lease_until: null, updated_at: new Date().toISOString() })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .execute();
  };

  const runOne = async (handler: JobHandler, job: Job): Promise<void> => {
    const renew = setInterval(
      () => {
        void db
          .updateTable('jobs')
          .set({ lease_until: new Date(Date.now() + leaseMs).toISOString() })
          .where('id', '=', job.id)
          .where('lease_owner', '=', owner)
          .execute()
          .catch(() => undefined);
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      const outcome = await handler(job).catch((error: unknown) => ({
        status: 'failed' as const,
        error: error instanceof Error ? error.message : String(error),
        retryable: true,
      }));
      if (outcome.status === 'done') return await finish(job, { status: 'done', last_error: null });
      if (outcome.status === 'deferred') {
        const runAfter = new Date(Date.now() + outcome.delayMs).toISOString();
        return await finish(job, {
          status: 'queued',
          run_after: runAfter,
          attempts: job.attempt - 1,
          last_error: outcome.reason,
        });
      }
      if (outcome.retryable && job.attempt < job.maxAttempts) {
        const delay = backoffMs * 2 ** (job.attempt - 1);
        const runAfter = new Date(Date.now() + delay).toISOString();
        return await finish(job, { status: 'queued', run_after: runAfter, last_error: outcome.error });
      }
      await finish(job, { status: 'failed', last_error: outcome.error });
    } finally {
      clearInterval(renew);
    }
  };

  const loop = async (handler: JobHandler): Promise<void> => {
    while (running) {
      const job = await claim().catch(() => undefined);
      if (job === undefined) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      await runOne(handler, job);
    }
  };

  return {
    async start(handler) {
      if (running) return;
      running = true;
      for (let i = 0; i < concurrency; i++) loops.push(loop(handler));
    },
    async stop() {
      running = false;
      await Promise.all(loops.splice(0));
    },
    async counts() {
      const rows = await db
        .selectFrom('jobs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts: QueueCounts = { queued: 0, active: 0, done: 0, failed: 0 };
      for (const row of rows) {
        if (row.status in counts) counts[row.status as keyof QueueCounts] = Number(row.n);
      }
      return counts;
    },
  };
}
