import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StoredAccount } from '../../src/core/index.ts';
import type { Space } from '../../src/emulator/index.ts';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { grant, rowsOf } from '../helpers/space-permissions.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import { hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

/** Two current global spaces none of these accounts holds anything in. */
function freeSpaces(loop: Loop, accounts: string[]): [Space, Space] {
  const free = [...loop.emulator.state.spaces.values()].filter(
    (s) =>
      s.type === 'global' &&
      s.status === 'current' &&
      !s.permissions.some((p) => p.principal.type === 'user' && accounts.includes(p.principal.id)),
  );
  assert.ok(free.length >= 2, 'two spaces free of these accounts');
  return [free[0] as Space, free[1] as Space];
}

for (const kind of STORE_KINDS) {
  describe(`drift: an out-of-band grant is reported, and reverted where the policy says so: ${kind}`, () => {
    let loop: Loop;
    let person: StoredAccount;
    let reverted: Space;
    let reported: Space;

    before(async () => {
      loop = await startLoop(kind, { driftPolicy: 'revert' });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      const people = usableAccounts(loop.emulator, accounts).slice(0, 5);
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      await loop.gov.aggregation.aggregate('test');
      person = people[1] as StoredAccount;
      [reverted, reported] = freeSpaces(loop, [person.key]);
      // One space keeps drift as a report only, overriding the revert default.
      await loop.store.store.transaction(async (tx) => {
        const item = await tx.catalog.get(`space:${reported.key}`);
        assert.ok(item);
        await tx.catalog.upsert({ ...item, driftPolicy: 'report' });
      });
    });
    after(async () => loop.close());

    test('the first aggregations found nothing out of band', async () => {
      const page = await loop.gov.drift.list(
        { administrator: true, auditor: false },
        { limit: 10, kind: 'out_of_band' },
      );
      assert.deepEqual(page.items, []);
    });

    test('granted in Confluence directly: reported by the next aggregation, reverted and gone from the emulator', async () => {
      const call = confluenceClient(loop.emulator);
      for (const space of [reverted, reported]) {
        const answer = await call(
          'POST',
          `/wiki/rest/api/space/${space.key}/permission`,
          grant('user', person.key, 'read', 'space'),
        );
        assert.equal(answer.status, 200);
      }
      const report = await loop.gov.aggregation.aggregate('test');
      const page = await loop.gov.drift.list(
        { administrator: false, auditor: true },
        { limit: 10, kind: 'out_of_band', runId: report.runId },
      );
      const byValue = new Map(page.items.map((e) => [e.value.split(':')[0], e]));
      assert.equal(page.items.length, 2, JSON.stringify(page.items));
      const revertedEvent = byValue.get(reverted.key);
      const reportedEvent = byValue.get(reported.key);
      assert.equal(revertedEvent?.accountKey, person.key);
      assert.equal(revertedEvent?.identityId, 'E1');
      assert.equal(revertedEvent?.resolution, 'revert_queued');
      assert.equal(reportedEvent?.resolution, 'reported');
      assert.equal(reportedEvent?.requestId, null);

      const requestId = revertedEvent?.requestId;
      assert.ok(requestId);
      const request = await loop.gov.requests.get(requestId);
      assert.equal(request.kind, 'revoke');
      assert.equal(request.justification, 'drift');
      await loop.gov.startWorker();
      await loop.settle(requestId, ['fulfilled']);
      assert.deepEqual(rowsOf(reverted, person.key), [], 'the out-of-band grant was removed');
      assert.equal(rowsOf(reported, person.key).length, 1, 'report only: left in place');
      const audited = await loop.gov.audit.list({ subject: `request:${requestId}`, type: 'drift.reverted' });
      assert.equal(audited.length, 1);
      assert.equal(audited[0]?.data.reason, 'drift');
      const detected = await loop.gov.audit.list({ type: 'drift.detected' });
      assert.ok(detected.some((e) => e.data.runId === report.runId && e.data.reverted === 1));
    });

    test('taken away in Confluence directly: reported as removed', async () => {
      const row = rowsOf(reported, person.key)[0];
      assert.ok(row);
      const call = confluenceClient(loop.emulator);
      const answer = await call('DELETE', `/wiki/rest/api/space/${reported.key}/permission/${row.id}`);
      assert.equal(answer.status, 204);
      const report = await loop.gov.aggregation.aggregate('test');
      const page = await loop.gov.drift.list(
        { administrator: true, auditor: false },
        { limit: 10, kind: 'removed', runId: report.runId },
      );
      assert.deepEqual(
        page.items.map((e) => [e.accountKey, e.value.split(':')[0]]),
        [[person.key, reported.key]],
      );
      const counts = await loop.gov.drift.counts({ administrator: true, auditor: false });
      assert.equal(counts.reverted.out_of_band, 1);
      assert.equal(counts.resolved.out_of_band, 1, 'the site undid the reported grant: resolved');
      assert.equal(counts.open.out_of_band, 0);
      assert.equal(counts.open.removed, 1);
    });

    test('only administrators and auditors read drift', async () => {
      await assert.rejects(
        loop.gov.drift.list({ administrator: false, auditor: false }, { limit: 1 }),
        (e: Error & { code?: string }) => e.code === 'drift.forbidden',
      );
    });
  });
}
