import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AccessRequest, CatalogItem, Identity } from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';
import { walkPages } from './paging.ts';

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

const item = (key: string, name: string): CatalogItem => ({
  id: `space:${key}`,
  type: 'space',
  entitlementKey: key,
  name,
  requestable: true,
  owner: null,
  risk: 'low',
  optionRisks: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const request = (id: string, requesterId: string, beneficiaryId: string, itemKey: string, n: number) =>
  ({
    id,
    kind: 'grant',
    requesterId,
    beneficiaryId,
    itemId: `space:${itemKey}`,
    permissions: ['view'],
    justification: 'work',
    endDate: null,
    status: 'awaiting_approval',
    workflow: 'default',
    stages: [],
    currentStage: 1,
    failureReason: null,
    outcome: null,
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    updatedAt: '2026-01-01T00:00:00.000Z',
  }) satisfies AccessRequest;

/** 1,200 requests among 40 people and 30 items, none of them named like the few searched for below. */
const FILLER = 1_200;

/**
 * The requests search (the request id, the item's name, a person's name) reads the matches from
 * indexes (0007's people, 0015's items and request ids) that every write keeps true, on both engines.
 */
for (const kind of STORE_KINDS) {
  describe(`requests search by id, item and person: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    const found = async (q: string) =>
      (await walkPages((page) => opened.store.transaction((tx) => tx.requests.page({ ...page, q })), 7)).items
        .map((r) => r.id)
        .sort();

    before(async () => {
      opened = await freshStore(kind);
      await opened.store.transaction(async (tx) => {
        for (let p = 0; p < 40; p++)
          await tx.identities.upsert(identity(`E${p}`, `Person${p}`, `Filler${p}`));
        await tx.identities.upsert(identity('C1', 'Camille', 'Dubois'));
        await tx.identities.upsert(identity('M1', 'Marc', 'Ortega'));
        for (let s = 0; s < 30; s++) await tx.catalog.upsert(item(`S${s}`, `Space number ${s}`));
        await tx.catalog.upsert(item('FIN', 'Finance "Ledger" 100%_done'));
        for (let n = 0; n < FILLER; n++)
          await tx.requests.insert(
            request(`r-${n}`, `E${n % 40}`, `E${(n + 1) % 40}`, `S${n % 30}`, n),
            null,
          );
        await tx.requests.insert(request('r-x1', 'C1', 'E1', 'S1', FILLER), null);
        await tx.requests.insert(request('r-x2', 'E2', 'C1', 'S2', FILLER + 1), null);
        await tx.requests.insert(request('r-x3', 'M1', 'M1', 'FIN', FILLER + 2), null);
        await tx.requests.insert(request('special-QZV9', 'E3', 'E4', 'S3', FILLER + 3), null);
      });
    });
    after(async () => opened.dispose());

    test('by a person as requester or beneficiary, an item name or the id, in any case, across pages', async () => {
      assert.deepEqual(await found('dubois'), ['r-x1', 'r-x2']);
      assert.deepEqual(await found('MILLE DUB'), ['r-x1', 'r-x2']);
      assert.deepEqual(await found('ledger'), ['r-x3']);
      assert.deepEqual(await found('rtega'), ['r-x3']);
      assert.deepEqual(await found('qzv9'), ['special-QZV9']);
      assert.deepEqual(await found('nothing like it'), []);
      assert.equal(
        (await found('number 2')).length,
        11 * (FILLER / 30) + 1,
        'S2 and S20–S29, 40 filler requests each, and r-x2 (S2)',
      );
    });

    test('quotes, % and _ are plain characters; text under three characters still matches', async () => {
      assert.deepEqual(await found('"ledger"'), ['r-x3']);
      assert.deepEqual(await found('100%_'), ['r-x3']);
      assert.deepEqual(await found('%%%'), []);
      assert.deepEqual(await found('x3'), ['r-x3']);
    });

    test('a renamed item, a renamed person and a new request are searched as they now are', async () => {
      await opened.store.transaction(async (tx) => {
        await tx.catalog.upsert(item('FIN', 'Treasury'));
        await tx.identities.upsert(identity('C1', 'Camille', 'Martin'));
        await tx.requests.insert(request('r-new', 'E5', 'E6', 'FIN', FILLER + 4), null);
      });
      assert.deepEqual(await found('ledger'), []);
      assert.deepEqual(await found('treasury'), ['r-new', 'r-x3']);
      assert.deepEqual(await found('dubois'), []);
      assert.deepEqual(await found('camille mar'), ['r-x1', 'r-x2']);
      assert.deepEqual(await found('r-new'), ['r-new']);
    });

    test('the database holds the indexes: FTS tables in step with the rows, or trigram indexes', async () => {
      if (kind === 'sqlite') {
        const file = fileURLToPath(opened.location.url.replace(/^file:/, 'file://'));
        const db = new Database(file, { readonly: true });
        try {
          for (const [table, search] of [
            ['catalog_items', 'catalog_items_search'],
            ['access_requests', 'access_requests_search'],
          ]) {
            const stored = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
            const indexed = db.prepare(`SELECT count(*) AS n FROM ${search}`).get() as { n: number };
            assert.equal(indexed.n, stored.n, search);
          }
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN SELECT id FROM access_requests
              WHERE id IN (SELECT id FROM access_requests_search WHERE access_requests_search MATCH 'id : "qzv"')
                OR item_id IN (SELECT id FROM catalog_items_search WHERE catalog_items_search MATCH 'name : "qzv"')
                OR beneficiary_id IN (SELECT id FROM identities_search WHERE identities_search MATCH 'name : "qzv"')
              ORDER BY created_at DESC, id DESC LIMIT 8`)
            .all() as Array<{ detail: string }>;
          assert.ok(
            !plan.some((row) => /^SCAN access_requests\b(?!_search)/.test(row.detail)),
            plan.map((row) => row.detail).join('\n'),
          );
        } finally {
          db.close();
        }
        return;
      }
      const client = new pg.Client({ connectionString: opened.location.url });
      await client.connect();
      try {
        const indexes = await client.query(
          "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1",
          [opened.location.schema],
        );
        const names = indexes.rows.map((r: { indexname: string }) => r.indexname);
        for (const name of ['access_requests_search', 'catalog_items_search', 'identities_search_name'])
          assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      } finally {
        await client.end();
      }
    });
  });
}
