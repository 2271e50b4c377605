import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AggregationRunRecord, DriftEvent, Identity } from '../../src/core/index.ts';
import type { StagedAccount } from '../../src/core/ports/aggregation-store.ts';
import { freshStore, STORE_KINDS, type StoreLocation } from './fresh-store.ts';

const T0 = Date.parse('2026-02-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function run(id: string, minute: number): AggregationRunRecord {
  return {
    id,
    actor: 'test',
    trigger: 'manual',
    mode: 'delta',
    status: 'running',
    owner: 'p1',
    startedAt: at(minute),
    heartbeatAt: at(minute),
    leaseUntil: at(minute + 10),
    finishedAt: null,
    progress: { phase: 'starting', accounts: 0, groups: 0, spaces: 0, removed: 0, failures: 0, apiCalls: 0 },
    summary: null,
    error: null,
  };
}

function account(key: string, groups: string[]): StagedAccount {
  return {
    account: {
      key,
      email: `${key}@example.com`,
      displayName: key,
      disabled: false,
      attributes: { groups },
      aggregatedAt: at(0),
    },
    assignments: groups.map((value) => ({ accountKey: key, kind: 'group' as const, value })),
  };
}

function identity(id: string, email: string, status: Identity['status']): Identity {
  return {
    id,
    email,
    firstName: 'A',
    lastName: id,
    department: null,
    jobTitle: null,
    managerId: null,
    status,
    extra: {},
    updatedAt: at(0),
  };
}

const short = (e: DriftEvent) => `${e.kind}:${e.accountKey}:${e.value}`;

/** An assignment's stored origin, read from the database itself (no port reads it). */
async function originOf(location: StoreLocation, accountKey: string, value: string): Promise<unknown> {
  const sql = 'SELECT origin FROM assignments WHERE account_key = $1 AND value = $2';
  if (location.schema === undefined) {
    const db = new Database(fileURLToPath(location.url.replace(/^file:/, 'file://')), { readonly: true });
    try {
      return (
        db.prepare(sql.replace('$1', '?').replace('$2', '?')).get(accountKey, value) as { origin?: unknown }
      )?.origin;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    await client.query(`SET search_path = ${location.schema}`);
    return (await client.query(sql, [accountKey, value])).rows[0]?.origin;
  } finally {
    await client.end();
  }
}

for (const kind of STORE_KINDS) {
  describe(`drift store contract: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    before(async () => {
      opened = await freshStore(kind);
    });
    after(async () => opened.dispose());

    /** One aggregation run: claimed, staged, committed and completed, as the service does it. */
    const aggregate = async (id: string, minute: number, staged: StagedAccount[], mode: 'full' | 'delta') => {
      await opened.store.transaction((t) => t.aggregationRuns.claim(run(id, minute), { now: at(minute) }));
      await opened.store.transaction((t) => t.aggregationStage.addAccounts(id, staged));
      await opened.store.transaction(async (t) => {
        await t.aggregationStage.commit(id, mode, at(minute));
        const progress = { ...run(id, 0).progress, phase: 'done' as const };
        const patch = { status: 'completed' as const, progress, summary: null, error: null, now: at(minute) };
        assert.ok(await t.aggregationRuns.finish(id, 'p1', patch));
      });
    };
    const all = async (
      query: { kind?: DriftEvent['kind']; runId?: string; state?: DriftEvent['state'] } = {},
    ) => {
      const seen: DriftEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await opened.store.transaction((t) => t.drift.page({ limit: 2, cursor, ...query }));
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return seen;
    };

    test('the first aggregation is the baseline: nothing is drift', async () => {
      await opened.store.transaction((t) => t.identities.upsert(identity('E1', 'a1@example.com', 'active')));
      await aggregate('r1', 1, [account('a1', ['g1']), account('a2', ['g1'])], 'full');
      assert.deepEqual(await all(), []);
    });

    test('later runs record out-of-band, removed, leaver and orphan access, newest first, each once', async () => {
      await aggregate('r2', 2, [account('a1', ['g1', 'g2']), account('a2', ['g1'])], 'full');
      assert.deepEqual((await all({ runId: 'r2' })).map(short), ['out_of_band:a1:g2', 'orphan:a2:g1']);
      await aggregate('r3', 3, [account('a1', ['g2'])], 'delta');
      assert.deepEqual((await all({ runId: 'r3' })).map(short), ['removed:a1:g1']);
      await opened.store.transaction((t) => t.identities.upsert(identity('E1', 'a1@example.com', 'leaver')));
      await aggregate('r4', 4, [account('a1', ['g2'])], 'delta');
      await aggregate('r5', 5, [account('a1', ['g2'])], 'delta');
      assert.deepEqual((await all({ runId: 'r5' })).map(short), [], 'a leaver is reported once');
      const everything = await all();
      assert.deepEqual(
        everything.map((e) => e.runId),
        ['r4', 'r3', 'r2', 'r2'],
        'newest first, paged',
      );
      assert.deepEqual((await all({ kind: 'leaver' })).map(short), ['leaver:a1:g2']);
      const counts = await opened.store.transaction((t) => t.drift.counts());
      assert.deepEqual(counts.open, { out_of_band: 1, removed: 1, leaver: 1, orphan: 1 });
      assert.deepEqual(counts.accepted, { out_of_band: 0, removed: 0, leaver: 0, orphan: 0 });
      const total = await opened.store.transaction((t) => t.drift.page({ limit: 1, withTotal: true }));
      assert.equal(total.total, 4);
    });

    test('revertable: a run’s open out-of-band findings on correlated accounts; closing names the revocation', async () => {
      const found = await opened.store.transaction((t) => t.drift.revertable('r2'));
      assert.deepEqual(found.map(short), ['out_of_band:a1:g2']);
      assert.equal(found[0]?.identityId, 'E1');
      assert.equal(found[0]?.state, 'open');
      const id = found[0]?.id ?? '';
      const closing = { state: 'reverted' as const, by: 'system', at: at(6), note: null, requestId: 'req-1' };
      assert.ok(await opened.store.transaction((t) => t.drift.close(id, closing)));
      const [event] = await all({ kind: 'out_of_band' });
      assert.equal(event?.resolution, 'revert_queued');
      assert.equal(event?.requestId, 'req-1');
      assert.equal(event?.state, 'reverted');
      assert.deepEqual(
        await opened.store.transaction((t) => t.drift.revertable('r2')),
        [],
        'closed: not again',
      );
    });

    test('state: the report filters by it, counts group by state and kind, a closed finding stays closed', async () => {
      const [orphan] = await all({ kind: 'orphan' });
      assert.ok(orphan);
      const accepting = { state: 'accepted' as const, by: 'admin', at: at(7), note: 'a service account' };
      assert.equal(await originOf(opened.location, 'a2', 'g1'), 'found');
      assert.ok(
        await opened.store.transaction(async (t) => {
          const closed = await t.drift.close(orphan.id, accepting);
          await t.drift.sanction(orphan);
          return closed;
        }),
      );
      assert.equal(
        await originOf(opened.location, 'a2', 'g1'),
        'accepted',
        'accepted access is no longer drift',
      );
      assert.equal(await originOf(opened.location, 'a1', 'g2'), 'drift', 'given out of band, not accepted');
      assert.equal(await opened.store.transaction((t) => t.drift.close(orphan.id, accepting)), false);
      const again = { state: 'reverted' as const, by: 'admin', at: at(8), note: null, requestId: 'req-2' };
      assert.equal(await opened.store.transaction((t) => t.drift.close(orphan.id, again)), false);
      const stored = await opened.store.transaction((t) => t.drift.get(orphan.id));
      assert.deepEqual(
        [stored?.state, stored?.closedBy, stored?.closedAt, stored?.note, stored?.requestId],
        ['accepted', 'admin', at(7), 'a service account', null],
      );
      assert.equal(await opened.store.transaction((t) => t.drift.get('no-such-finding')), undefined);
      assert.deepEqual((await all({ state: 'open' })).map(short), ['leaver:a1:g2', 'removed:a1:g1']);
      assert.deepEqual((await all({ state: 'accepted' })).map(short), ['orphan:a2:g1']);
      assert.deepEqual((await all({ state: 'open', kind: 'removed' })).map(short), ['removed:a1:g1']);
      assert.deepEqual(await all({ state: 'resolved' }), []);
      const open = await opened.store.transaction((t) =>
        t.drift.page({ limit: 1, state: 'open', withTotal: true }),
      );
      assert.equal(open.total, 2);
      const counts = await opened.store.transaction((t) => t.drift.counts());
      assert.deepEqual(counts, {
        open: { out_of_band: 0, removed: 1, leaver: 1, orphan: 0 },
        accepted: { out_of_band: 0, removed: 0, leaver: 0, orphan: 1 },
        reverted: { out_of_band: 1, removed: 0, leaver: 0, orphan: 0 },
        resolved: { out_of_band: 0, removed: 0, leaver: 0, orphan: 0 },
      });
    });

    test('resolved by the site: held access gone, removed access back; only open findings move', async () => {
      await aggregate('r6', 9, [account('a1', [])], 'delta');
      const leaver = (await all({ kind: 'leaver' }))[0];
      assert.deepEqual(
        [leaver?.state, leaver?.closedBy, leaver?.note],
        ['resolved', 'system', 'no longer held (run r6)'],
      );
      const reverted = (await all({ kind: 'out_of_band' }))[0];
      assert.equal(reverted?.state, 'reverted', 'a closed finding keeps its state');
      await aggregate('r7', 10, [account('a1', ['g1'])], 'delta');
      const removed = await all({ kind: 'removed' });
      assert.deepEqual(
        removed.map((e) => [short(e), e.runId, e.state]),
        [
          ['removed:a1:g2', 'r6', 'open'],
          ['removed:a1:g1', 'r3', 'resolved'],
        ],
      );
      assert.deepEqual(
        (await all({ runId: 'r7' })).map((e) => [short(e), e.state]),
        [
          ['out_of_band:a1:g1', 'open'],
          ['leaver:a1:g1', 'open'],
        ],
      );
    });

    test('orphans that get a person: their open findings resolved in one update, naming the person; others untouched', async () => {
      await aggregate('r8', 11, [account('a3', ['g1', 'g3']), account('a4', ['g1'])], 'delta');
      const orphans = async () =>
        (await all({ kind: 'orphan' })).filter((e) => e.accountKey !== 'a2').map((e) => [short(e), e.state]);
      assert.deepEqual((await orphans()).sort(), [
        ['orphan:a3:g1', 'open'],
        ['orphan:a3:g3', 'open'],
        ['orphan:a4:g1', 'open'],
      ]);
      // a3 gets a person, and so does a2, whose orphan finding an administrator accepted before.
      await opened.store.transaction(async (t) => {
        await t.identities.upsert(identity('E3', 'a3@example.com', 'active'));
        await t.identities.upsert(identity('E2', 'a2@example.com', 'active'));
        for (const [key, id] of [
          ['a3', 'E3'],
          ['a2', 'E2'],
        ] as const) {
          const stored = await t.accounts.get(key);
          assert.ok(stored);
          await t.accounts.upsert({ ...stored, identityId: id });
        }
      });
      const closing = { at: at(12), note: 'the account now matches a person (test)' };
      const resolved = await opened.store.transaction((t) => t.drift.resolveMatchedOrphans(closing));
      assert.deepEqual(
        resolved.map((e) => [short(e), e.state, e.identityId, e.closedBy, e.closedAt, e.note]),
        [
          ['orphan:a3:g1', 'resolved', 'E3', 'system', at(12), closing.note],
          ['orphan:a3:g3', 'resolved', 'E3', 'system', at(12), closing.note],
        ],
      );
      assert.deepEqual(
        (await orphans()).sort(),
        [
          ['orphan:a3:g1', 'resolved'],
          ['orphan:a3:g3', 'resolved'],
          ['orphan:a4:g1', 'open'],
        ],
        'the orphan without a person stays open',
      );
      const accepted = (await all({ kind: 'orphan' })).find((e) => e.accountKey === 'a2');
      assert.deepEqual([accepted?.state, accepted?.identityId], ['accepted', null], 'a closed finding stays');
      assert.deepEqual(
        await opened.store.transaction((t) => t.drift.resolveMatchedOrphans(closing)),
        [],
        'once',
      );
    });

    test('a cursor of another list is refused', async () => {
      await assert.rejects(
        opened.store.transaction((t) => t.drift.page({ limit: 1, cursor: 'bm90LW91cnM' })),
        (e: Error & { code?: string }) => e.code === 'page.invalid_cursor',
      );
    });
  });
}
