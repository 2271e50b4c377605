import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, StoredAccount } from '../../src/core/index.ts';
import type { FaultRule } from '../../src/emulator/index.ts';
import { STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import {
  addFault,
  addLoopEntitlements,
  clearFaults,
  hrFor,
  type Loop,
  startLoop,
  usableAccounts,
} from './loop-fixture.ts';

/** Permission writes the emulator logged for one account in one space, as `key/target` in order. */
async function permissionWrites(loop: Loop, accountId: string, spaceKey: string): Promise<string[]> {
  return (await loop.writes())
    .filter((w) => w.accountIds.includes(accountId) && w.request.includes(`/space/${spaceKey}/permission`))
    .map((w) => `${w.operation} ${String(w.detail.operation)}`);
}

/** Direct user permissions the emulator holds for an account in a space, as `key/target`, sorted. */
function held(loop: Loop, accountId: string, spaceKey: string): string[] {
  const space = [...loop.emulator.state.spaces.values()].find((s) => s.key === spaceKey);
  return (space?.permissions ?? [])
    .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
    .map((p) => `${p.key}/${p.target}`)
    .sort();
}

for (const kind of STORE_KINDS) {
  describe(`answers lost after the write: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let spaceKey: string;
    const accountOf = (i: number): string => people[i]?.key ?? '';

    /** Submits View and Add Page (or the options given) for person i and approves what needs approval. */
    const grant = async (i: number, permissions = ['view', 'add_page']): Promise<AccessRequest> => {
      const request = await loop.gov.requests.submit({
        requesterId: `E${i}`,
        itemId: `space:${spaceKey}`,
        permissions,
        justification: 'write the docs',
      });
      // View alone approves itself; everything else goes to the manager and then the owner.
      for (const approverId of request.status === 'awaiting_approval' ? ['E0', 'E1'] : []) {
        await loop.gov.approvals.decide({
          requestId: request.id,
          approverId,
          decision: 'approved',
          reason: 'ok',
        });
      }
      return request;
    };
    // Five attempts with the queue's backoff take about 25 s on pg-boss (whole seconds, doubling).
    const settled = (id: string) => loop.settle(id, ['fulfilled', 'partially_fulfilled', 'failed'], 90_000);

    before(async () => {
      // The connector neither retries nor waits long here, so every lost answer reaches fulfillment.
      loop = await startLoop(kind, { retryAttempts: 0, timeoutMs: 1_500 });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, 10);
      ({ spaceKey } = addLoopEntitlements(loop.emulator, people[0]?.key ?? ''));
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.catalog.update(`space:${spaceKey}`, { owner: 'E1' }, 'admin');
      await loop.gov.startWorker();
    });
    after(async () => loop.close());
    const permissionPath = () => `/wiki/rest/api/space/${spaceKey}/permission`;

    /** Grants View to person i with the write's answer held back 5 s; resolves once the write has landed. */
    const grantWithAnswerHeld = async (i: number): Promise<AccessRequest> => {
      await addFault(loop, {
        kind: 'slow',
        delayMs: 5_000,
        method: 'POST',
        pathPrefix: permissionPath(),
        count: 1,
      });
      const request = await grant(i, ['view']);
      await waitFor(
        () => permissionWrites(loop, accountOf(i), spaceKey),
        (writes) => writes.length > 0,
      );
      return request;
    };

    const lost: Array<[string, Omit<FaultRule, 'method' | 'pathPrefix' | 'count'>]> = [
      ['the connection dropped after the first write', { kind: 'reset', after: true }],
      ['the answer to the last write cut mid-body', { kind: 'truncate', skip: 1 }],
      ['the answer to the first write garbled', { kind: 'malformed' }],
      [
        'a gateway timeout after the last write took effect',
        { kind: 'status', status: 504, after: true, skip: 1 },
      ],
    ];
    lost.forEach(([name, fault], n) => {
      test(`${name}: fulfilled, each option written once`, async () => {
        const i = 2 + n;
        await addFault(loop, { ...fault, method: 'POST', pathPrefix: permissionPath(), count: 1 });
        const done = await settled((await grant(i)).id);
        await clearFaults(loop);
        assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
        assert.equal(
          done.outcome,
          null,
          "an earlier attempt's partial outcome is not left on a fulfilled request",
        );
        assert.deepEqual(held(loop, accountOf(i), spaceKey), ['create/page', 'read/space']);
        assert.deepEqual(await permissionWrites(loop, accountOf(i), spaceKey), [
          'space.permission.add read/space',
          'space.permission.add create/page',
        ]);
        const events = await loop.gov.audit.list({ subject: `request:${done.id}` });
        const fulfilled = events.find((e) => e.type === 'fulfillment.fulfilled');
        if (fault.skip === 1)
          assert.match(String(fulfilled?.data.recovered), /./, 'the lost answer is named');
        else assert.equal(events.filter((e) => e.type === 'fulfillment.retried').length, 1);
      });
    });

    test('a write refused on every attempt after the first went through: partly fulfilled, the stored access says so', async () => {
      await addFault(loop, {
        kind: 'status',
        status: 500,
        method: 'POST',
        pathPrefix: permissionPath(),
        skip: 1,
        rate: 1,
      });
      const done = await settled((await grant(6)).id);
      await clearFaults(loop);
      assert.equal(done.status, 'partially_fulfilled', done.failureReason ?? '');
      assert.deepEqual(done.outcome, {
        applied: [`${spaceKey}:view`],
        missing: [`${spaceKey}:add_page`],
        verified: true,
      });
      assert.match(done.failureReason ?? '', /in place: .*:view; not in place: .*:add_page/);
      assert.deepEqual(held(loop, accountOf(6), spaceKey), ['read/space']);
      const stored = await loop.store.store.transaction((tx) => tx.assignments.listByAccount(accountOf(6)));
      assert.deepEqual(
        stored.map((a) => a.value).filter((v) => v.startsWith(`${spaceKey}:`)),
        [`${spaceKey}:view`],
      );
      const rest = await settled((await grant(6, ['add_page'])).id);
      assert.equal(rest.status, 'fulfilled', 'only the rest is asked for, and it is not refused as held');
      assert.deepEqual(await permissionWrites(loop, accountOf(6), spaceKey), [
        'space.permission.add read/space',
        'space.permission.add create/page',
      ]);
    });

    test('a write that was never applied on any attempt: failed, and it says nothing was changed', async () => {
      await addFault(loop, {
        kind: 'status',
        status: 500,
        method: 'POST',
        pathPrefix: permissionPath(),
        rate: 1,
      });
      const done = await settled((await grant(7)).id);
      await clearFaults(loop);
      assert.equal(done.status, 'failed');
      assert.match(done.failureReason ?? '', /nothing was changed$/);
      assert.deepEqual(done.outcome?.applied, []);
      assert.deepEqual(held(loop, accountOf(7), spaceKey), []);
    });

    test('credentials revoked between the write and its read-back: refused as unknown, never as nothing granted', async () => {
      const request = await grantWithAnswerHeld(9);
      const revoke = (revoked: string[]) =>
        fetch(`${loop.emulator.url}/_emulator/credentials`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ revoked }),
        });
      assert.equal((await revoke(['site'])).status, 200);
      const done = await settled(request.id);
      await revoke([]);
      await clearFaults(loop);
      assert.equal(done.status, 'failed');
      assert.match(done.failureReason ?? '', /^auth_failed: .*outcome is unknown/);
      assert.equal(done.outcome?.verified, false);
      assert.deepEqual(held(loop, accountOf(9), spaceKey), ['read/space'], 'the write did land');
    });

    test('a lost answer and then no read at all: the request says the outcome is unknown, never "nothing granted"', async () => {
      const request = await grantWithAnswerHeld(8);
      await addFault(loop, { kind: 'status', status: 500, method: 'GET', pathPrefix: '/wiki', rate: 1 });
      const done = await settled(request.id);
      await clearFaults(loop);
      assert.equal(done.status, 'failed');
      assert.equal(done.outcome?.verified, false);
      assert.match(done.failureReason ?? '', /outcome is unknown .*may be .* in place/);
      assert.deepEqual(held(loop, accountOf(8), spaceKey), ['read/space'], 'the write did land');
    });
  });
}
