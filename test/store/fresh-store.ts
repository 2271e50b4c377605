import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type OpenedStore, type OpenStoreOptions, openStore } from '../../src/store/index.ts';

/** The PostgreSQL the tests use (trust auth, database `test`). */
const TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The two adapters every contract suite runs against. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** Where a fresh store lives, so a second process (a worker) can open the same one. */
export interface StoreLocation {
  url: string;
  schema?: string;
}

/** A fresh, empty store location: a new SQLite file, or a new PostgreSQL schema named for this run. */
export function freshLocation(kind: StoreKind): StoreLocation & { cleanup(): Promise<void> } {
  const tag = `t${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'spacegate-store-'));
    return {
      url: `file:${join(dir, 'spacegate.db')}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  return {
    url: TEST_PG_URL,
    schema: tag,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS ${tag}_jobs CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Opens a store at a location with fast test timings. */
export function openAt(location: StoreLocation, queue: OpenStoreOptions['queue'] = {}): Promise<OpenedStore> {
  return openStore({
    url: location.url,
    ...(location.schema === undefined ? {} : { schema: location.schema }),
    queue: { pollMs: 50, backoffMs: 100, jobTimeoutSeconds: 30, ...queue },
  });
}

/** A fresh store with its cleanup: close, then delete the file or drop the schema. */
export async function freshStore(
  kind: StoreKind,
  queue: OpenStoreOptions['queue'] = {},
): Promise<OpenedStore & { location: StoreLocation; dispose(): Promise<void> }> {
  const location = freshLocation(kind);
  const opened = await openAt(location, queue);
  return {
    ...opened,
    location,
    dispose: async () => {
      await opened.close();
      await location.cleanup();
    },
  };
}

/** Polls until the check passes or the timeout runs out; returns the last value. */
export async function waitFor<T>(
  check: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await check();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await check();
  }
  return value;
}
