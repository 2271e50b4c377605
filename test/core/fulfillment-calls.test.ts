import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, StoredAccount } from '../../src/core/index.ts';
import { addLoopEntitlements, hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

interface Counters {
  total: number;
  endpoints: Record<string, number>;
}

/**
 * What one fulfillment costs in Atlassian calls, counted on the emulator, endpoint by endpoint: a
 * grant of N options in one space is the guardrail, one read of the space's permissions, N writes,
 * the verifying read and the account's profile (N + 5; the carrying groups and the space's id are
 * known from a moment ago). The fulfillments run one at a time so each count is its own.
 */
describe('calls per fulfillment', () => {
  let loop: Loop;
  let people: StoredAccount[];
  let spaceKey: string;
  let groupId: string;
  const counters = async (): Promise<Counters> =>
    (await (await fetch(`${loop.emulator.url}/_emulator/counters`)).json()) as Counters;
  const resetCounters = async () => {
    await fetch(`${loop.emulator.url}/_emulator/counters`, { method: 'DELETE' });
  };

  /** Submits, approves and waits; the calls counted from the submission on are the fulfillment's (deciding calls none). */
  const fulfil = async (
    i: number,
    itemId: string,
    permissions: string[],
  ): Promise<{ request: AccessRequest; calls: Counters }> => {
    await resetCounters();
    const submitted = await loop.gov.requests.submit({
      requesterId: `E${i}`,
      itemId,
      permissions,
      justification: 'write the docs',
    });
    // View alone approves itself; everything else goes to the manager (E0) and then the owner (E1).
    for (const approverId of submitted.status === 'awaiting_approval' ? ['E0', 'E1'] : []) {
      await loop.gov.approvals.decide({
        requestId: submitted.id,
        approverId,
        decision: 'approved',
        reason: 'ok',
      });
    }
    const request = await loop.settle(submitted.id, ['fulfilled', 'partially_fulfilled', 'failed']);
    return { request, calls: await counters() };
  };

  before(async () => {
    loop = await startLoop('sqlite');
    await loop.gov.aggregation.aggregate('test');
    const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
    people = usableAccounts(loop.emulator, accounts).slice(0, 10);
    ({ spaceKey, groupId } = addLoopEntitlements(loop.emulator, people[0]?.key ?? ''));
    await loop.gov.identities.importHr('hr.csv', hrFor(people));
    await loop.gov.aggregation.aggregate('test');
    await loop.gov.catalog.update(`space:${spaceKey}`, { owner: 'E1' }, 'admin');
    await loop.gov.catalog.update(`group:${groupId}`, { owner: 'E1' }, 'admin');
    await loop.gov.startWorker();
    // A first fulfillment learns the carrying groups and the space's id; the counted ones follow it.
    await fulfil(2, `space:${spaceKey}`, ['view']);
  });
  after(async () => loop.close());

  // The read-back's profile is users-bulk (status, email) and, for names, department and title, the
  // account's SCIM user: one call beyond the guardrail, the reads and the writes (docs/benchmarks.md).
  const profile = { 'POST /wiki/api/v2/users-bulk': 1, 'GET /scim/directory/:directoryId/Users': 1 };

  for (const permissions of [
    ['view', 'add_page'],
    ['view', 'add_page', 'add_comment', 'add_attachment'],
  ]) {
    test(`a grant of ${permissions.length} options in one space: guardrail, read, N writes, verify, profile`, async () => {
      const i = 2 + permissions.length;
      const { request, calls } = await fulfil(i, `space:${spaceKey}`, permissions);
      assert.equal(request.status, 'fulfilled', request.failureReason ?? '');
      assert.deepEqual(calls.endpoints, {
        'GET /wiki/rest/api/user/memberof': 1,
        'GET /wiki/api/v2/spaces/:id/permissions': 2,
        'POST /wiki/rest/api/space/:spaceKey/permission': permissions.length,
        ...profile,
      });
      assert.equal(calls.total, permissions.length + 5);
    });
  }

  test('a group grant: guardrail, the write, verify, profile', async () => {
    const { request, calls } = await fulfil(8, `group:${groupId}`, []);
    assert.equal(request.status, 'fulfilled', request.failureReason ?? '');
    assert.deepEqual(calls.endpoints, {
      'GET /wiki/rest/api/user/memberof': 2,
      'POST /wiki/rest/api/group/userByGroupId': 1,
      ...profile,
    });
  });
});
