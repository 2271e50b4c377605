import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DriftEvent, loadAttributePolicy, type StoredAccount } from '../../src/core/index.ts';
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

/** Leave rules only (no modify rule, so an HR change writes nothing by itself): contractors stay enabled. */
const POLICY = `
version: 1
rules:
  - name: deactivate-leavers
    on: [leave]
    deactivate: true
  - name: keep-contractors
    on: [leave]
    when: [{ attribute: department, equals: Contractors }]
    deactivate: false
`;

/** The HR file with some rows changed: `status` and, for a contractor, the department. */
function hrWith(
  people: StoredAccount[],
  rows: Record<number, { status: string; contractor?: boolean }>,
): string {
  let text = hrFor(people);
  for (const [i, row] of Object.entries(rows)) {
    const department = row.contractor === true ? 'Contractors' : 'Engineering';
    text = text.replace(
      new RegExp(`^(E${i},[^,]*,[^,]*,[^,]*),Engineering,(.*),active,(CC${i})$`, 'm'),
      `$1,${department},$2,${row.status},$3`,
    );
  }
  return text;
}

for (const kind of STORE_KINDS) {
  describe(`a rehired leaver's account is enabled again, and orphans that get a person are resolved: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let orphan: StoredAccount;
    const key = (i: number): string => people[i]?.key ?? '';
    const open = () =>
      loop.store.store.transaction((tx) => tx.requests.list({ status: ['pending', 'awaiting_approval'] }));

    /** Every orphan finding, through every page. */
    const findings = async (): Promise<DriftEvent[]> => {
      const all: DriftEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await loop.store.store.transaction((tx) =>
          tx.drift.page({ limit: 500, kind: 'orphan', cursor }),
        );
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return all;
    };

    before(async () => {
      loop = await startLoop(kind);
      loop.gov.setPolicies({ attributePolicy: loadAttributePolicy('attribute-policy.yaml', POLICY) });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      const usable = usableAccounts(loop.emulator, accounts);
      people = usable.slice(0, 5);
      const holding = await loop.store.store.transaction(async (tx) => {
        for (const a of usable.slice(5)) if ((await tx.assignments.listByAccount(a.key)).length > 0) return a;
        return undefined;
      });
      assert.ok(holding, 'an account outside the HR file holds access');
      orphan = holding;
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      // A second run, now that HR data exists, reports access held by accounts that match no person.
      await loop.gov.aggregation.aggregate('test');
    });
    after(async () => loop.close());

    test('a deactivation still pending when the person comes back is cancelled, audited, and never runs', async () => {
      // No worker yet: E3's deactivation is still pending when the rehire arrives.
      const left = await loop.gov.identities.importHr(
        'hr-left.csv',
        hrWith(people, { 3: { status: 'leaver' } }),
      );
      assert.equal(left.deactivations.length, 1);
      const [deactivation] = left.deactivations;
      const back = await loop.gov.identities.importHr('hr-back.csv', hrFor(people));
      assert.deepEqual(back.rehires, ['E3']);
      assert.deepEqual(back.reactivations, [], 'nothing to reactivate: the account was never deactivated');
      assert.deepEqual(back.cancelledDeactivations, [deactivation]);
      const cancelled = await loop.gov.audit.list({
        subject: `request:${deactivation}`,
        type: 'request.cancelled',
      });
      assert.deepEqual(
        cancelled.map((e) => e.data.reason),
        ['rehired in hr-back.csv'],
      );
      const since = loop.emulator.state.writeLog.length;
      await loop.gov.startWorker();
      await waitFor(open, (pending) => pending.length === 0, 60_000);
      assert.equal((await loop.gov.requests.get(deactivation ?? ''))?.status, 'cancelled');
      assert.equal(siteStatusOf(loop, key(3)), 'active', 'E3 was never deactivated');
      const touched = loop.emulator.state.writeLog
        .slice(since)
        .filter((w) => w.accountIds.includes(key(3)) && !/^(group|space)\./.test(w.operation));
      assert.deepEqual(touched, [], 'no write to the account itself');
    });

    test('a deactivated leaver rehired ends enabled, audited, with no access given back; an account Spacegate never deactivated is left alone', async () => {
      const heldBefore = siteAccessOf(loop, key(1));
      assert.ok(
        heldBefore.some((a) => !a.startsWith('group:')) || heldBefore.length > 1,
        'E1 holds access first',
      );
      // E1 leaves and is deactivated; E2 leaves as a contractor, whose account the leave rules keep enabled.
      const left = await loop.gov.identities.importHr(
        'hr-left.csv',
        hrWith(people, { 1: { status: 'leaver' }, 2: { status: 'leaver', contractor: true } }),
      );
      assert.deepEqual(left.leavers, ['E1', 'E2']);
      assert.equal(left.deactivations.length, 1, 'E1 only');
      await waitFor(open, (pending) => pending.length === 0, 60_000);
      assert.equal(siteStatusOf(loop, key(1)), 'inactive');
      assert.deepEqual(siteAccessOf(loop, key(1)), [], 'E1 holds no access');
      assert.equal(siteStatusOf(loop, key(2)), 'active');

      // The answer to E1's reactivation is lost after it took effect: a read-back settles it, no second write.
      const scimId = loop.emulator.state.accounts.get(key(1))?.scim?.id;
      assert.ok(scimId, 'E1 is in the SCIM directory');
      const directory = (loop.connectorConfig.scim as { directoryId: string }).directoryId;
      await addFault(loop, {
        kind: 'reset',
        after: true,
        method: 'PATCH',
        pathPrefix: `/scim/directory/${directory}/Users/${scimId}`,
        count: 1,
      });
      const since = loop.emulator.state.writeLog.length;
      const earlier = new Set((await loop.gov.requests.list({ beneficiaryId: 'E1' })).map((r) => r.id));
      const back = await loop.gov.identities.importHr(
        'hr-rehired.csv',
        hrWith(people, { 2: { status: 'active', contractor: true } }),
      );
      assert.deepEqual(back.rehires, ['E1', 'E2']);
      assert.equal(back.reactivations.length, 1, 'E1 only: Spacegate never deactivated E2');
      await waitFor(open, (pending) => pending.length === 0, 60_000);

      // E1: enabled again, checked, audited with the reason; only the product group back, nothing it held.
      assert.equal(siteStatusOf(loop, key(1)), 'active');
      const productGroup = String(loop.connectorConfig.productGroup);
      assert.deepEqual(siteAccessOf(loop, key(1)), [`group:${productGroup}`], 'no access restored');
      const e1 = await loop.gov.requests.list({ beneficiaryId: 'E1' });
      const reactivation = e1.find((r) => r.kind === 'reactivate');
      assert.equal(reactivation?.status, 'fulfilled', reactivation?.failureReason ?? '');
      assert.equal(reactivation?.itemId, `account:${key(1)}`);
      assert.deepEqual(
        e1.filter((r) => !earlier.has(r.id)).map((r) => r.kind),
        ['reactivate'],
        'nothing else raised for E1 by the rehire',
      );
      const why = await loop.gov.audit.list({ subject: 'identity:E1', type: 'account.reactivated' });
      assert.deepEqual(
        why.map((e) => [e.data.accountKey, e.data.reason]),
        [[key(1), 'rehired in hr-rehired.csv']],
      );
      const fulfilled = await loop.gov.audit.list({
        subject: `request:${reactivation?.id}`,
        type: 'fulfillment.fulfilled',
      });
      assert.deepEqual(
        fulfilled.map((e) => [e.data.verified, typeof e.data.recovered]),
        [[true, 'string']],
        'verified by reading back after the answer was lost',
      );
      const written = loop.emulator.state.writeLog.slice(since).filter((w) => w.accountIds.includes(key(1)));
      assert.deepEqual(
        written.filter((w) => !/^(group|space)\./.test(w.operation)).map((w) => w.operation),
        ['account.reactivate'],
        'enabled once',
      );
      const stored = await loop.store.store.transaction((tx) => tx.accounts.get(key(1)));
      assert.equal(stored?.disabled, false, 'the stored account follows the read-back');

      // E2: rehired too, but nothing is raised and nothing is written to the account.
      assert.deepEqual(
        (await loop.gov.requests.list({ beneficiaryId: 'E2' })).filter((r) => r.kind !== 'revoke'),
        [],
      );
      const e2Writes = loop.emulator.state.writeLog.slice(since).filter((w) => w.accountIds.includes(key(2)));
      assert.deepEqual(e2Writes, [], 'no write to E2');
      const rehired = await loop.gov.audit.list({ subject: 'identity:E2', type: 'identity.rehired' });
      assert.deepEqual(
        rehired.map((e) => e.data.reactivation),
        [null],
      );
    });

    test("an orphan's open findings close as resolved when an HR import gives its account a person", async () => {
      const mine = (await findings()).filter((f) => f.accountKey === orphan.key);
      assert.ok(mine.length > 0, 'the orphan has findings');
      assert.ok(mine.every((f) => f.state === 'open'));
      const othersOpen = (await findings()).filter((f) => f.accountKey !== orphan.key && f.state === 'open');
      assert.ok(othersOpen.length > 0, 'other orphans stay as they are');

      const row = `E9,${orphan.email},Ora,Phan,Engineering,Engineer,E0,active,CC9`;
      const report = await loop.gov.identities.importHr(
        'hr-orphan.csv',
        hrWith(people, {}).concat(`\n${row}`),
      );
      assert.equal(report.correlated, 1);
      assert.equal(report.orphansResolved, mine.length);

      const after = (await findings()).filter((f) => f.accountKey === orphan.key);
      assert.deepEqual(
        after.map((f) => [f.state, f.identityId, f.closedBy]),
        mine.map(() => ['resolved', 'E9', 'system']),
      );
      assert.match(after[0]?.note ?? '', /now matches a person \(HR import hr-orphan\.csv\)/);
      for (const f of after) {
        const audited = await loop.gov.audit.list({ subject: `drift:${f.id}`, type: 'drift.resolved' });
        assert.equal(audited.length, 1, `${f.id} audited once`);
        assert.equal(audited[0]?.data.identityId, 'E9');
      }
      const stillOpen = (await findings()).filter((f) => f.accountKey !== orphan.key && f.state === 'open');
      assert.equal(stillOpen.length, othersOpen.length, 'other orphans stay open');
    });

    test("an orphan's open findings close as resolved when an aggregation correlates its account by email", async () => {
      const open = (await findings()).filter((f) => f.state === 'open');
      const target = open.find((f) => loop.emulator.state.accounts.has(f.accountKey))?.accountKey ?? '';
      const mine = open.filter((f) => f.accountKey === target);
      assert.ok(mine.length > 0, 'another orphan with open findings');
      const email = 'back.again@example.com';
      const extra = [
        `E9,${orphan.email},Ora,Phan,Engineering,Engineer,E0,active,CC9`,
        `E10,${email},Newly,Matched,Engineering,Engineer,E0,active,CC10`,
      ];
      const report = await loop.gov.identities.importHr('hr-new.csv', hrFor(people, extra));
      assert.equal(report.orphansResolved, 0, 'no account has that email yet');
      // The site's account takes the person's email: the next aggregation correlates it.
      loop.emulator.state.updateAccount(target, { email }, { api: 'control', request: 'test setup' });
      await loop.gov.aggregation.aggregate('test');
      const stored = await loop.store.store.transaction((tx) => tx.accounts.get(target));
      assert.equal(stored?.identityId, 'E10', 'correlated by the aggregation');
      const after = (await findings()).filter((f) => mine.some((m) => m.id === f.id));
      assert.deepEqual(
        after.map((f) => [f.state, f.identityId]),
        mine.map(() => ['resolved', 'E10']),
      );
      assert.match(after[0]?.note ?? '', /now matches a person \(aggregation run /);
      const audited = await loop.gov.audit.list({ subject: `drift:${mine[0]?.id}`, type: 'drift.resolved' });
      assert.equal(audited.length, 1);
    });

    test("a rehire while the deactivation's disable is in flight: it is cancelled, and a reactivation enables the account again", async () => {
      const { state } = loop.emulator;
      const scimId = state.accounts.get(key(4))?.scim?.id;
      assert.ok(scimId, 'E4 is in the SCIM directory');
      const directory = (loop.connectorConfig.scim as { directoryId: string }).directoryId;
      // The disable takes effect, and its answer is held while the rehire arrives.
      await addFault(loop, {
        kind: 'slow',
        delayMs: 1500,
        method: 'PATCH',
        pathPrefix: `/scim/directory/${directory}/Users/${scimId}`,
        count: 1,
      });
      const left = await loop.gov.identities.importHr(
        'hr-left.csv',
        hrWith(people, { 4: { status: 'leaver' } }),
      );
      assert.equal(left.deactivations.length, 1);
      await waitFor(
        async () => siteStatusOf(loop, key(4)),
        (status) => status === 'inactive',
        30_000,
      );
      const back = await loop.gov.identities.importHr('hr-back.csv', hrFor(people));
      assert.deepEqual(back.cancelledDeactivations, left.deactivations, 'still pending: cancelled');
      const reactivated = await waitFor(
        () => loop.gov.requests.list({ beneficiaryId: 'E4' }),
        (all) => all.some((r) => r.kind === 'reactivate' && ['fulfilled', 'failed'].includes(r.status)),
        30_000,
      );
      const reactivation = reactivated.find((r) => r.kind === 'reactivate');
      assert.equal(reactivation?.status, 'fulfilled', reactivation?.failureReason ?? '');
      assert.match(reactivation?.justification ?? '', /cancelled by a rehire while its write was in flight/);
      assert.equal(siteStatusOf(loop, key(4)), 'active', 'the rehire wins');
      assert.equal((await loop.gov.requests.get(left.deactivations[0] ?? ''))?.status, 'cancelled');
      const why = await loop.gov.audit.list({ subject: 'identity:E4', type: 'account.reactivated' });
      assert.equal(why.length, 1);
      await waitFor(open, (pending) => pending.length === 0, 60_000);
    });
  });
}
