import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AggregationRunRecord, Identity } from '../../src/core/index.ts';
import type { StagedAccount } from '../../src/core/ports/aggregation-store.ts';
import { freshStore, openAt, STORE_KINDS } from './fresh-store.ts';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function run(id: string, startedAt: number, owner = 'p1', leaseSeconds = 60): AggregationRunRecord {
  return {
    id,
    actor: 'test',
    trigger: 'manual',
    mode: 'full',
    status: 'running',
    owner,
    startedAt: at(startedAt),
    heartbeatAt: at(startedAt),
    leaseUntil: at(startedAt + leaseSeconds),
    finishedAt: null,
    progress: { phase: 'starting', accounts: 0, groups: 0, spaces: 0, removed: 0, failures: 0, apiCalls: 0 },
    summary: null,
    error: null,
  };
}

function account(key: string, email: string, groups: string[] = []): StagedAccount {
  return {
    account: { key, email, displayName: key, disabled: false, attributes: { groups }, aggregatedAt: at(0) },
    assignments: groups.map((value) => ({ accountKey: key, kind: 'group' as const, value })),
  };
}

function identity(id: string, email: string): Identity {
  return {
    id,
    email,
    firstName: 'A',
    lastName: 'B',
    department: null,
    jobTitle: null,
    managerId: null,
    status: 'active',
    extra: {},
    updatedAt: at(0),
  };
}

const done = (progressAccounts = 0) => ({
  status: 'completed' as const,
  progress: { ...run('x', 0).progress, phase: 'done' as const, accounts: progressAccounts },
  summary: null,
  error: null,
});

for (const kind of STORE_KINDS) {
  describe(`aggregation run repository contract: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    let other: Awaited<ReturnType<typeof openAt>>;
    before(async () => {
      opened = await freshStore(kind);
      other = await openAt(opened.location);
    });
    after(async () => {
      await other.close();
      await opened.dispose();
    });

    test('one run holds the lock; a second claim is refused and names the running run', async () => {
      const first = await opened.store.transaction((t) =>
        t.aggregationRuns.claim(run('r1', 0), { now: at(0) }),
      );
      assert.deepEqual(first, { claimed: true });
      const second = await other.store.transaction((t) =>
        t.aggregationRuns.claim(run('r2', 1, 'p2'), { now: at(1) }),
      );
      assert.equal(second.claimed, false);
      assert.equal(second.claimed === false && second.reason, 'running');
      assert.equal(second.claimed === false && second.running?.id, 'r1');
    });

    test('progress written by the owner is visible from another process; a stranger cannot write it', async () => {
      const progress = { ...run('r1', 0).progress, phase: 'accounts' as const, accounts: 1234, apiCalls: 56 };
      const ours = await opened.store.transaction((t) =>
        t.aggregationRuns.heartbeat('r1', 'p1', { progress, now: at(10), leaseUntil: at(70) }),
      );
      assert.equal(ours, true);
      const stranger = await other.store.transaction((t) =>
        t.aggregationRuns.heartbeat('r1', 'p2', { progress, now: at(10), leaseUntil: at(999) }),
      );
      assert.equal(stranger, false);
      const seen = await other.store.transaction((t) => t.aggregationRuns.get('r1'));
      assert.deepEqual(
        [seen?.progress.accounts, seen?.progress.apiCalls, seen?.leaseUntil],
        [1234, 56, at(70)],
      );
    });

    test('a run whose lease ran out is marked abandoned and the next claim takes over', async () => {
      const taken = await other.store.transaction((t) =>
        t.aggregationRuns.claim(run('r3', 71, 'p2'), { now: at(71) }),
      );
      assert.deepEqual(taken, { claimed: true });
      const old = await other.store.transaction((t) => t.aggregationRuns.get('r1'));
      assert.equal(old?.status, 'failed');
      assert.match(old?.error ?? '', /abandoned/);
      const late = await opened.store.transaction((t) =>
        t.aggregationRuns.heartbeat('r1', 'p1', {
          progress: run('r1', 0).progress,
          now: at(72),
          leaseUntil: at(132),
        }),
      );
      assert.equal(late, false, 'the old owner learns it lost the run');
    });

    test('finishing saves the delta state; the newest completed run has the only state kept', async () => {
      const first = { accounts: { version: 1, digests: { a: 'x' } } };
      assert.equal(
        await other.store.transaction((t) =>
          t.aggregationRuns.finish('r3', 'p2', { ...done(5), now: at(80), state: first }),
        ),
        true,
      );
      assert.deepEqual(await opened.store.transaction((t) => t.aggregationRuns.latestState()), first);
      await opened.store.transaction((t) => t.aggregationRuns.claim(run('r4', 90), { now: at(90) }));
      const second = { accounts: { version: 1, digests: { b: 'y' } } };
      await opened.store.transaction((t) =>
        t.aggregationRuns.finish('r4', 'p1', { ...done(), now: at(95), state: second }),
      );
      assert.deepEqual(await opened.store.transaction((t) => t.aggregationRuns.latestState()), second);
      const refinished = await opened.store.transaction((t) =>
        t.aggregationRuns.finish('r4', 'p1', { ...done(), now: at(96) }),
      );
      assert.equal(refinished, false, 'a finished run cannot be finished again');
    });

    test('a scheduled claim is not due while a run started within the interval', async () => {
      const result = await opened.store.transaction((t) =>
        t.aggregationRuns.claim(run('r5', 100), { now: at(100), notStartedSince: at(50) }),
      );
      assert.equal(result.claimed === false && result.reason, 'not_due');
      const due = await opened.store.transaction((t) =>
        t.aggregationRuns.claim(run('r5', 200), { now: at(200), notStartedSince: at(150) }),
      );
      assert.deepEqual(due, { claimed: true });
      await opened.store.transaction((t) =>
        t.aggregationRuns.finish('r5', 'p1', { ...done(), now: at(201) }),
      );
    });

    // On SQLite two connections in one thread would wait on each other's write lock for ever (the
    // driver is synchronous); between processes `BEGIN IMMEDIATE` serializes the claims instead.
    const concurrent = kind === 'postgres' ? test : test.skip;
    concurrent('two processes claiming at once: exactly one wins', async () => {
      const results = await Promise.all([
        opened.store.transaction((t) => t.aggregationRuns.claim(run('race-a', 300, 'p1'), { now: at(300) })),
        other.store.transaction((t) => t.aggregationRuns.claim(run('race-b', 300, 'p2'), { now: at(300) })),
      ]);
      assert.equal(results.filter((r) => r.claimed).length, 1);
      const winner = results[0]?.claimed === true ? 'race-a' : 'race-b';
      const loser = results.find((r) => !r.claimed);
      assert.equal(loser?.claimed === false && loser.running?.id, winner);
      await opened.store.transaction((t) =>
        t.aggregationRuns.finish(winner, winner === 'race-a' ? 'p1' : 'p2', { ...done(), now: at(301) }),
      );
    });

    test('the history pages newest first by cursor, every run exactly once', async () => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await other.store.transaction((t) =>
          t.aggregationRuns.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) }),
        );
        assert.ok(page.items.length <= 2);
        ids.push(...page.items.map((r) => r.id));
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      assert.equal(ids.length, kind === 'postgres' ? 5 : 4);
      assert.deepEqual(ids.slice(-4), ['r5', 'r4', 'r3', 'r1']);
    });
  });

  describe(`aggregation staging contract: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    before(async () => {
      opened = await freshStore(kind);
    });
    after(async () => opened.dispose());
    const live = () =>
      opened.store.transaction(async (t) => ({
        accounts: (await t.accounts.list()).map((a) => `${a.key}:${a.identityId ?? '-'}`),
        assignments: await t.assignments.count(),
        groups: (await t.entitlements.list('group')).map((e) => `${e.key}:${e.name}`),
      }));
    const group = (key: string, name: string) => ({
      type: 'group' as const,
      key,
      name,
      attributes: { name },
    });

    test('nothing staged reaches readers before commit; a full commit replaces and correlates by email', async () => {
      await opened.store.transaction(async (t) => {
        await t.identities.upsert(identity('E1', 'Ada@Example.com'));
        await t.accounts.upsert({
          key: 'stale',
          email: 's@example.com',
          identityId: null,
          displayName: 's',
          disabled: false,
          attributes: {},
          aggregatedAt: at(0),
        });
      });
      await opened.store.transaction(async (t) => {
        await t.aggregationStage.addAccounts('f1', [
          account('a1', 'ADA@example.com', ['g1']),
          account('a2', 'b@x.com', ['g1', 'g2']),
        ]);
        await t.aggregationStage.addEntitlements('f1', [group('g1', 'one'), group('g2', 'two')]);
      });
      assert.deepEqual(await live(), { accounts: ['stale:-'], assignments: 0, groups: [] });
      const counts = await opened.store.transaction((t) => t.aggregationStage.commit('f1', 'full'));
      assert.deepEqual(counts, {
        accounts: 2,
        correlated: 1,
        orphans: 1,
        groups: 2,
        spaces: 0,
        assignments: 3,
        written: 4,
      });
      assert.deepEqual(await live(), {
        accounts: ['a1:E1', 'a2:-'],
        assignments: 3,
        groups: ['g1:one', 'g2:two'],
      });
    });

    test('a delta commit writes the staged changes and removals and leaves the rest; new identities correlate', async () => {
      await opened.store.transaction(async (t) => {
        await t.identities.upsert(identity('E2', 'B@X.com'));
        await t.aggregationStage.addAccounts('d1', [account('a3', 'c@x.com', ['g2'])]);
        await t.aggregationStage.addEntitlements('d1', [group('g2', 'two renamed')]);
        await t.aggregationStage.addRemovals('d1', 'account', ['a1']);
        await t.aggregationStage.addRemovals('d1', 'group', ['g1']);
      });
      const counts = await opened.store.transaction((t) => t.aggregationStage.commit('d1', 'delta'));
      assert.equal(counts.written, 4);
      assert.deepEqual(await live(), {
        accounts: ['a2:E2', 'a3:-'],
        assignments: 3,
        groups: ['g2:two renamed'],
      });
    });

    test('a failed run discards what it staged; clear drops every run’s leftovers', async () => {
      await opened.store.transaction(async (t) => {
        await t.aggregationStage.addAccounts('x1', [account('a9', 'z@x.com')]);
        await t.aggregationStage.addAccounts('x2', [account('a8', 'y@x.com')]);
        await t.aggregationStage.discard('x1');
      });
      const afterDiscard = await opened.store.transaction((t) => t.aggregationStage.commit('x1', 'delta'));
      assert.equal(afterDiscard.written, 0);
      await opened.store.transaction((t) => t.aggregationStage.clear());
      const afterClear = await opened.store.transaction((t) => t.aggregationStage.commit('x2', 'delta'));
      assert.equal(afterClear.written, 0);
      assert.deepEqual((await live()).accounts, ['a2:E2', 'a3:-']);
    });
  });
}
