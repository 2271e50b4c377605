import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AggregationRunRecord, DriftEvent, Identity } from '../../src/core/index.ts';
import type { StagedAccount } from '../../src/core/ports/aggregation-store.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

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
    const all = async (query: { kind?: DriftEvent['kind']; runId?: string } = {}) => {
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
      assert.deepEqual(counts, { out_of_band: 1, removed: 1, leaver: 1, orphan: 1 });
      const total = await opened.store.transaction((t) => t.drift.page({ limit: 1, withTotal: true }));
      assert.equal(total.total, 4);
    });

    test('revertable: a run’s out-of-band findings on correlated accounts; resolve names the revocation', async () => {
      const found = await opened.store.transaction((t) => t.drift.revertable('r2'));
      assert.deepEqual(found.map(short), ['out_of_band:a1:g2']);
      assert.equal(found[0]?.identityId, 'E1');
      const id = found[0]?.id ?? '';
      await opened.store.transaction((t) => t.drift.resolve(id, 'revert_queued', 'req-1'));
      const [event] = await all({ kind: 'out_of_band' });
      assert.equal(event?.resolution, 'revert_queued');
      assert.equal(event?.requestId, 'req-1');
    });

    test('a cursor of another list is refused', async () => {
      await assert.rejects(
        opened.store.transaction((t) => t.drift.page({ limit: 1, cursor: 'bm90LW91cnM' })),
        (e: Error & { code?: string }) => e.code === 'page.invalid_cursor',
      );
    });
  });
}
