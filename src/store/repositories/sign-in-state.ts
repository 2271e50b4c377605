import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** A key's sign-in back-off: failures in a row and the time before which no attempt is checked. */
export interface Backoff {
  failures: number;
  notBefore: Date;
}

/**
 * Sign-in state in the store, so every process and every restart sees the same: revoked sessions
 * (kept until the session would have expired) and the back-off per key (a hashed username, a device).
 */
export interface SignInState {
  /** Records a session as signed out until its expiry; prunes rows whose sessions expired. */
  revokeSession(sid: string, expiresAt: Date): Promise<void>;
  /** Whether the session was signed out. */
  isRevoked(sid: string): Promise<boolean>;
  /** The key's back-off, if it failed within the last day (as of `now`). */
  backoff(key: string, now: Date): Promise<Backoff | undefined>;
  /** Counts a failure (failures older than `resetMs` are forgotten) and sets `notBefore` to now + delay(failures). */
  recordFailure(key: string, now: Date, delayMs: (failures: number) => number): Promise<Backoff>;
  /** Forgets the key's failures (after a successful sign-in). */
  clearBackoff(key: string): Promise<void>;
  /** Counts one attempt in the key's fixed window (a new window once the last ended): the count so far and ms left. */
  countAttempt(key: string, now: Date, windowMs: number): Promise<{ current: number; ttl: number }>;
}

/** Failures older than this start a fresh count; their rows are pruned. */
const RESET_MS = 24 * 3_600_000;

/** The sign-in state on a Kysely instance (autocommit: each call is one small statement or two). */
export function signInState(db: Kysely<Database>): SignInState {
  return {
    async revokeSession(sid, expiresAt) {
      await db.deleteFrom('revoked_sessions').where('expires_at', '<=', new Date().toISOString()).execute();
      await db
        .insertInto('revoked_sessions')
        .values({ sid, expires_at: expiresAt.toISOString() })
        .onConflict((oc) => oc.column('sid').doNothing())
        .execute();
    },
    async isRevoked(sid) {
      const row = await db
        .selectFrom('revoked_sessions')
        .select('sid')
        .where('sid', '=', sid)
        .executeTakeFirst();
      return row !== undefined;
    },
    async backoff(key, now) {
      const row = await db
        .selectFrom('sign_in_backoff')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined || Date.parse(row.updated_at) < now.getTime() - RESET_MS) return undefined;
      return { failures: Number(row.failures), notBefore: new Date(row.not_before) };
    },
    async recordFailure(key, now, delayMs) {
      const at = now.toISOString();
      const cutoff = new Date(now.getTime() - RESET_MS).toISOString();
      await db.deleteFrom('sign_in_backoff').where('updated_at', '<', cutoff).execute();
      const row = await db
        .insertInto('sign_in_backoff')
        .values({ key, failures: 1, not_before: at, updated_at: at })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ failures: sql`sign_in_backoff.failures + 1`, updated_at: at }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      const failures = Number(row.failures);
      const notBefore = new Date(now.getTime() + delayMs(failures));
      await db
        .updateTable('sign_in_backoff')
        .set({ not_before: notBefore.toISOString() })
        .where('key', '=', key)
        .execute();
      return { failures, notBefore };
    },
    async clearBackoff(key) {
      await db.deleteFrom('sign_in_backoff').where('key', '=', key).execute();
    },
    async countAttempt(key, now, windowMs) {
      const at = now.toISOString();
      const ends = new Date(now.getTime() + windowMs).toISOString();
      await db.deleteFrom('sign_in_attempts').where('window_ends', '<', at).where('key', '<>', key).execute();
      const expired = sql<boolean>`sign_in_attempts.window_ends <= ${at}`;
      const row = await db
        .insertInto('sign_in_attempts')
        .values({ key, count: 1, window_ends: ends })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`CASE WHEN ${expired} THEN 1 ELSE sign_in_attempts.count + 1 END`,
            window_ends: sql`CASE WHEN ${expired} THEN ${ends} ELSE sign_in_attempts.window_ends END`,
          }),
        )
        .returning(['count', 'window_ends'])
        .executeTakeFirstOrThrow();
      return { current: Number(row.count), ttl: Math.max(0, Date.parse(row.window_ends) - now.getTime()) };
    },
  };
}
