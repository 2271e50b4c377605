import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FAILED_STATUSES, loadAttributePolicy, type StoredAccount } from '../../src/core/index.ts';
import { listFailures } from '../../src/server/views/failures.ts';
import { actionWord } from '../../src/server/views/request-state.ts';
import { STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import {
  addFault,
  hrFor,
  type Loop,
  siteAccessOf,
  siteStatusOf,
  startLoop,
  usableAccounts,
} from './loop-fixture.ts';

const ORIGIN = { api: 'control' as const, request: 'test setup' };

/** The loop's policy plus leave rules: every leaver is deactivated, except contractors (kept for a handover). */
const POLICY = `
version: 1
rules:
  - name: department-and-title
    on: [create, modify]
    set:
      department: { from: department }
  - name: deactivate-leavers
    on: [leave]
    deactivate: true
  - name: keep-contractors
    on: [leave]
    when: [{ attribute: department, equals: Contractors }]
    deactivate: false
`;

for (const kind of STORE_KINDS) {
  describe(`a leaver's account is deactivated where the attribute policy says so: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    const key = (i: number): string => people[i]?.key ?? '';

    before(async () => {
      loop = await startLoop(kind);
      loop.gov.setPolicies({ attributePolicy: loadAttributePolicy('attribute-policy.yaml', POLICY) });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, 5);
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      // E4 is outside the SCIM directory and its email domain is not one the organization verified:
      // the user-management API refuses to deactivate it (403 forbidden).
      loop.emulator.state.updateAccount(key(4), { managed: false, scim: null }, ORIGIN);
      // The answer to E2's deactivation is lost after it took effect: a read-back settles it, no second write.
      const scimId = loop.emulator.state.accounts.get(key(2))?.scim?.id;
      assert.ok(scimId, 'E2 is in the SCIM directory');
      const directory = (loop.connectorConfig.scim as { directoryId: string }).directoryId;
      await addFault(loop, {
        kind: 'reset',
        after: true,
        method: 'PATCH',
        pathPrefix: `/scim/directory/${directory}/Users/${scimId}`,
        count: 1,
      });
      await loop.gov.startWorker();
    });
    after(async () => loop.close());

    test('deactivated with no access left, the audit says why; a contractor stays enabled; a refusal is an action item', async () => {
      for (const i of [1, 2, 3, 4])
        assert.notDeepEqual(siteAccessOf(loop, key(i)), [], `E${i} holds access first`);
      // E1 loses Confluence in Atlassian before HR says they left (the store does not know yet): the
      // guardrail keeps Spacegate from changing an account without Confluence, deactivation included.
      const { state } = loop.emulator;
      for (const group of state.groups.values()) {
        if (group.productGrants.some((p) => p.product === 'confluence'))
          state.removeMember(group.id, key(1), ORIGIN);
      }
      assert.equal(state.hasProduct(key(1), 'confluence'), false);
      const since = state.writeLog.length;
      const left = hrFor(people)
        .replace(/^(E1,.*),active,CC1$/m, '$1,leaver,CC1')
        .replace(/^(E2,.*),active,CC2$/m, '$1,leaver,CC2')
        .replace(/^(E3,[^,]*,[^,]*,[^,]*),Engineering,(.*),active,CC3$/m, '$1,Contractors,$2,leaver,CC3')
        .replace(/^(E4,.*),active,CC4$/m, '$1,leaver,CC4');
      const report = await loop.gov.identities.importHr('hr.csv', left);
      assert.deepEqual(report.leavers, ['E1', 'E2', 'E3', 'E4']);
      assert.equal(report.deactivations.length, 3, 'E1, E2 and E4; the contractor rule keeps E3 enabled');
      const open = () =>
        loop.store.store.transaction((tx) => tx.requests.list({ status: ['pending', 'awaiting_approval'] }));
      await waitFor(open, (pending) => pending.length === 0, 60_000);
      assert.deepEqual(await open(), [], 'every revocation and deactivation settled');

      // E2: deactivated, nothing left, and the audit names the leaver and the rule.
      assert.equal(siteStatusOf(loop, key(2)), 'inactive');
      assert.deepEqual(siteAccessOf(loop, key(2)), [], 'E2 holds no access');
      const e2 = await loop.gov.requests.list({ beneficiaryId: 'E2' });
      const deactivation = e2.find((r) => r.kind === 'deactivate');
      assert.equal(deactivation?.status, 'fulfilled', deactivation?.failureReason ?? '');
      assert.equal(deactivation?.itemId, `account:${key(2)}`);
      for (const r of e2) assert.equal(r.status, 'fulfilled', `${r.itemId}: ${r.failureReason}`);
      const why = await loop.gov.audit.list({ subject: 'identity:E2', type: 'account.deactivated' });
      assert.equal(why.length, 1, 'audited once');
      assert.equal(why[0]?.data.accountKey, key(2));
      assert.match(String(why[0]?.data.reason), /^leaver per hr\.csv; .*rule "deactivate-leavers"/);
      const fulfilled = await loop.gov.audit.list({
        subject: `request:${deactivation?.id}`,
        type: 'fulfillment.fulfilled',
      });
      assert.deepEqual(
        fulfilled.map((e) => [e.data.verified, typeof e.data.recovered]),
        [[true, 'string']],
        'verified by reading back after the answer was lost',
      );
      const disables = (await loop.writes()).filter(
        (w) => w.accountIds.includes(key(2)) && !/^(group|space)\./.test(w.operation),
      );
      assert.deepEqual(
        disables.map((w) => w.operation),
        ['account.deactivate'],
        'deactivated once, and nothing else written to the account itself',
      );
      const stored = await loop.store.store.transaction((tx) => tx.accounts.get(key(2)));
      assert.equal(stored?.disabled, true, 'the stored account follows the read-back');

      // E3: access removed, account left enabled, no deactivation raised.
      assert.equal(siteStatusOf(loop, key(3)), 'active');
      assert.deepEqual(siteAccessOf(loop, key(3)), [], 'E3 holds no access');
      const e3 = await loop.gov.requests.list({ beneficiaryId: 'E3' });
      assert.ok(e3.length > 0);
      assert.ok(e3.every((r) => r.kind === 'revoke' && r.status === 'fulfilled'));
      const kept = await loop.gov.audit.list({ subject: 'identity:E3', type: 'identity.leaver' });
      assert.deepEqual(
        kept.map((e) => [e.data.deactivate, e.data.rule]),
        [[false, 'keep-contractors']],
        'the trail says why the account stayed enabled',
      );

      // E4: access removed, the refused deactivation waits for an administrator with Atlassian's reason.
      assert.equal(siteStatusOf(loop, key(4)), 'active');
      assert.deepEqual(
        siteAccessOf(loop, key(4)),
        [],
        'E4 holds no access: the refusal stopped only the deactivation',
      );
      const failures = await listFailures(loop.store.store, { limit: 50, beneficiaryId: 'E4' });
      assert.deepEqual(
        failures.items.map((r) => `${actionWord(r.kind)}${r.item.name}`),
        ['Deactivate Confluence account'],
        'the action item on the account page',
      );
      assert.match(failures.items[0]?.failureReason ?? '', /^forbidden: /);
      assert.match(failures.items[0]?.state ?? '', /An administrator sees it among the failures/);

      // E1: nothing written to the account without Confluence; the deactivation waits for an administrator.
      assert.equal(siteStatusOf(loop, key(1)), 'active');
      const touched = state.writeLog.slice(since).filter((w) => w.accountIds.includes(key(1)));
      assert.deepEqual(touched, [], 'no write to E1 at all');
      const e1 = await loop.gov.requests.list({ beneficiaryId: 'E1' });
      const guarded = e1.find((r) => r.kind === 'deactivate');
      assert.equal(guarded?.status, 'failed');
      assert.match(guarded?.failureReason ?? '', /^guardrail: .*no longer holds Confluence access/);

      const all = await loop.store.store.transaction((tx) =>
        tx.requests.page({ limit: 50, status: FAILED_STATUSES }),
      );
      assert.deepEqual(
        all.items.map((r) => `${r.beneficiaryId} ${r.kind}`).sort(),
        ['E1 deactivate', 'E4 deactivate'],
        'the only failures anywhere',
      );
    });
  });
}
