import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Store } from '../../src/core/index.ts';
import { openPostgres } from '../../src/store/postgres/open-postgres.ts';
import type { Database } from '../../src/store/schema.ts';
import { openSqlite } from '../../src/store/sqlite/open-sqlite.ts';
import { freshLocation } from './fresh-store.ts';

async function assertAppendOnly(store: Store, db: Kysely<Database>): Promise<void> {
  await store.transaction((tx) =>
    tx.audit.append({ at: 'now', actor: 'a', type: 't', subject: 's', data: {} }),
  );
  await assert.rejects(sql`UPDATE audit_events SET actor = 'mallory'`.execute(db), /append-only/);
  await assert.rejects(sql`DELETE FROM audit_events`.execute(db), /append-only/);
  const events = await store.transaction((tx) => tx.audit.list());
  assert.deepEqual(
    events.map((e) => e.actor),
    ['a'],
  );
}

test('sqlite: the database itself refuses to change or delete audit events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-audit-'));
  const { store, db } = await openSqlite(join(dir, 'a.db'));
  try {
    await assertAppendOnly(store, db);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('postgres: the database itself refuses to change or delete audit events', async () => {
  const location = freshLocation('postgres');
  const { store, db } = await openPostgres({ url: location.url, schema: location.schema ?? 'public' });
  try {
    await assertAppendOnly(store, db);
  } finally {
    await store.close();
    await location.cleanup();
  }
});
