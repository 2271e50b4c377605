import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Identity, StoredAccount } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

const account = (key: string, displayName: string, email = `${key}@example.com`): StoredAccount => ({
  key,
  email,
  identityId: null,
  displayName,
  disabled: false,
  attributes: { groups: [] },
  aggregatedAt: '2026-01-01T00:00:00.000Z',
});

const identity = (id: string, firstName: string, lastName: string): Identity => ({
  id,
  email: `${id.toLowerCase()}@example.com`,
  firstName,
  lastName,
  department: null,
  jobTitle: null,
  managerId: null,
  status: 'active',
  extra: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/**
 * The contains-searches of the accounts and identities lists go through an index (SQLite's trigram
 * FTS tables, PostgreSQL's trigram GIN indexes) that every write path keeps true: inserts, upserts
 * that rename, batch replacement and deletes; short and odd text still answer like `LIKE` did.
 */
for (const kind of STORE_KINDS) {
  describe(`text search follows every write: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const accountsFound = async (q: string) =>
      (await opened.store.transaction((tx) => tx.accounts.page({ limit: 50, q }))).items
        .map((a) => a.key)
        .sort();
    const identitiesFound = async (q: string) =>
      (await opened.store.transaction((tx) => tx.identities.page({ limit: 50, q }))).items
        .map((i) => i.id)
        .sort();

    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        await tx.accounts.replaceAll([
          account('acc-1', 'Camille Dubois'),
          account('acc-2', 'Marc Duboisier'),
          account('acc-3', 'Ana "Quote" 100%_done', 'ana.silva@example.com'),
        ]);
        await tx.identities.upsert(identity('E001', 'Camille', 'Dubois'));
        await tx.identities.upsert(identity('E002', 'Zoë', 'Quorra'));
      });
    });
    after(async () => opened.dispose());

    test('substrings of names, emails and keys, in any case', async () => {
      assert.deepEqual(await accountsFound('dubois'), ['acc-1', 'acc-2']);
      assert.deepEqual(await accountsFound('UBOISI'), ['acc-2']);
      assert.deepEqual(await accountsFound('a.silva@'), ['acc-3']);
      assert.deepEqual(await accountsFound('acc-2'), ['acc-2']);
      assert.deepEqual(await accountsFound('camille dubois'), ['acc-1']);
      assert.deepEqual(await identitiesFound('quorra'), ['E002']);
      assert.deepEqual(await identitiesFound('e001@example'), ['E001']);
      assert.deepEqual(await identitiesFound('mille dub'), ['E001']);
    });

    test('quotes, % and _ are plain characters; text under three characters still matches', async () => {
      assert.deepEqual(await accountsFound('"quote"'), ['acc-3']);
      assert.deepEqual(await accountsFound('100%_'), ['acc-3']);
      assert.deepEqual(await accountsFound('%_do'), ['acc-3']);
      assert.deepEqual(await accountsFound('%%%'), []);
      assert.deepEqual(await accountsFound('ub'), ['acc-1', 'acc-2']);
      assert.deepEqual(await accountsFound('-3'), ['acc-3']);
    });

    test('a rename, a removal and a replacement are searched as they now are', async () => {
      await opened.store.transaction(async (tx) => {
        await tx.accounts.upsert(account('acc-1', 'Camille Martin'));
        await tx.identities.upsert(identity('E002', 'Zoë', 'Laurent'));
      });
      assert.deepEqual(await accountsFound('dubois'), ['acc-2']);
      assert.deepEqual(await accountsFound('martin'), ['acc-1']);
      assert.deepEqual(await identitiesFound('quorra'), []);
      assert.deepEqual(await identitiesFound('laurent'), ['E002']);
      await opened.store.transaction((tx) =>
        tx.accounts.replaceAll([account('acc-9', 'Nina Dubois'), account('acc-2', 'Marc Duboisier')]),
      );
      assert.deepEqual(await accountsFound('dubois'), ['acc-2', 'acc-9']);
      assert.deepEqual(await accountsFound('martin'), []);
    });

    test('the database holds the search index: an FTS table in step with the rows, or trigram indexes', async () => {
      if (kind === 'sqlite') {
        const file = fileURLToPath(opened.location.url.replace(/^file:/, 'file://'));
        const db = new Database(file, { readonly: true });
        try {
          const rows = db
            .prepare('SELECT key FROM accounts_search WHERE accounts_search MATCH ?')
            .all('"dubois"');
          assert.equal(rows.length, 2);
          const stored = db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number };
          const indexed = db.prepare('SELECT count(*) AS n FROM accounts_search').get() as { n: number };
          assert.equal(indexed.n, stored.n);
        } finally {
          db.close();
        }
        return;
      }
      const client = new pg.Client({ connectionString: opened.location.url });
      await client.connect();
      try {
        await client.query(`SET search_path = ${opened.location.schema}`);
        const indexes = await client.query(
          "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1",
          [opened.location.schema],
        );
        assert.deepEqual(
          indexes.rows
            .map((r: { indexname: string }) => r.indexname)
            .filter((name: string) => /^(accounts|identities)_/.test(name)),
          [
            'accounts_search_email',
            'accounts_search_key',
            'accounts_search_name',
            'identities_search_email',
            'identities_search_id',
            'identities_search_name',
          ],
        );
      } finally {
        await client.end();
      }
    });
  });
}
