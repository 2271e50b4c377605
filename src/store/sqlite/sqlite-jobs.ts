import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { JobRepository } from '../../core/ports/store.ts';
import type { Database } from '../schema.ts';

/** How many times a job runs before it is failed for good. */
const DEFAULT_MAX_ATTEMPTS = 5;

/** Enqueues into the jobs table inside the caller's transaction; the unique key makes it idempotent. */
export function sqliteJobRepository(db: Kysely<Database>): JobRepository {
  return {
    async enqueue(job) {
      const now = new Date().toISOString();
      await db
        .insertInto('jobs')
        .values({
          id: randomUUID(),
          key: job.key,
          payload: JSON.stringify(job.payload),
          status: 'queued',
          attempts: 0,
          max_attempts: DEFAULT_MAX_ATTEMPTS,
          run_after: now,
          lease_until: null,
          lease_owner: null,
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
  };
}
