import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomainError, parseCatalogItemId, type StoredAccount } from '../../src/core/index.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import { addLoopEntitlements, hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

const HOUR = 3_600_000;

/** Direct user permissions the emulator holds for an account, as `KEY:key/target`. */
function directPermissions(loop: Loop, accountId: string): string[] {
  return [...loop.emulator.state.spaces.values()].flatMap((space) =>
    space.permissions
      .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
      .map((p) => `${space.key}:${p.key}/${p.target}`),
  );
}

for (const kind of STORE_KINDS) {
  describe(`the governance loop against the emulator: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let spaceKey: string;
    let groupId: string;
    const id = (i: number): string => `E${i}`;
    const accountOf = (i: number): string => people[i]?.key ?? '';

    before(async () => {
      loop = await startLoop(kind);
      const first = await loop.gov.aggregation.aggregate('test');
      assert.equal(first.correlated, 0, 'no identities yet: every account is an orphan');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, 5);
      assert.equal(people.length, 5);
      await loop.gov.identities.importHr(
        'hr.csv',
        hrFor(people, [
          `E9,new.hire@${loop.emulator.state.site.domain},New,Hire,Legal,Counsel,E0,active,CC9`,
        ]),
      );
      const again = await loop.gov.aggregation.aggregate('test');
      assert.equal(again.correlated, 5, 'correlated by email, case-insensitively');
      assert.equal(again.orphans, again.accounts - 5);
      ({ groupId, spaceKey } = addLoopEntitlements(loop.emulator, accountOf(0)));
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.catalog.update(`space:${spaceKey}`, { owner: id(1) }, 'admin');
      await loop.gov.catalog.update(`group:${groupId}`, { owner: id(1) }, 'admin');
      await loop.gov.startWorker();
    });
    after(async () => loop.close());

    test('the catalog offers every aggregated group and space, spaces with their options and risks', async () => {
      const items = await loop.gov.catalog.list();
      const entitlements = await loop.store.store.transaction((tx) => tx.entitlements.list());
      assert.deepEqual(items.map((i) => i.id).sort(), entitlements.map((e) => `${e.type}:${e.key}`).sort());
      for (const i of items) {
        assert.deepEqual(
          parseCatalogItemId(i.id),
          { type: i.type, key: i.entitlementKey },
          'every id parses',
        );
      }
      const admins = items.find((i) => i.type === 'group' && i.name.startsWith('confluence-admins'));
      assert.deepEqual([admins?.requestable, admins?.risk], [false, 'high']);
      const { item, options } = await loop.gov.catalog.describe(`space:${spaceKey}`);
      assert.equal(item.owner, id(1));
      assert.equal(options.length, 15);
      const byId = new Map(options.map((o) => [o.id, o]));
      assert.deepEqual(
        ['view', 'admin', 'export_space', 'restrictions'].map((o) => byId.get(o as never)?.risk),
        ['low', 'high', 'high', 'high'],
      );
      assert.equal(byId.get('delete_mail')?.manageable, false);
      await assert.rejects(
        loop.gov.catalog.update(item.id, { owner: 'nobody' }, 'admin'),
        (error: unknown) => error instanceof DomainError && error.code === 'identity.not_found',
      );
      const changes = await loop.gov.audit.list({
        subject: `catalog:${item.id}`,
        type: 'catalog.item_changed',
      });
      assert.deepEqual(
        changes.map((e) => [e.actor, (e.data.after as { owner: string }).owner]),
        [['admin', id(1)]],
      );
    });

    test('request, two approvals, fulfilled, visible in the emulator; then revoked and gone', async () => {
      const request = await loop.gov.requests.submit({
        requesterId: id(2),
        itemId: `space:${spaceKey}`,
        permissions: ['view', 'add_page', 'add_comment'],
        justification: 'writing the design docs',
      });
      await loop.gov.approvals.decide({
        requestId: request.id,
        approverId: id(0),
        decision: 'approved',
        reason: 'my report',
      });
      await loop.gov.approvals.decide({
        requestId: request.id,
        approverId: id(1),
        decision: 'approved',
        reason: 'owner ok',
      });
      const done = await loop.settle(request.id);
      assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
      assert.deepEqual(
        directPermissions(loop, accountOf(2))
          .filter((p) => p.startsWith(`${spaceKey}:`))
          .sort(),
        [`${spaceKey}:create/comment`, `${spaceKey}:create/page`, `${spaceKey}:read/space`],
      );
      const trail = (await loop.gov.audit.list({ subject: `request:${request.id}` })).map((e) => e.type);
      assert.deepEqual(trail, [
        'request.created',
        'approval.assigned',
        'approval.decided',
        'approval.assigned',
        'approval.decided',
        'request.approved',
        'fulfillment.queued',
        'fulfillment.fulfilled',
      ]);
      const revoke = await loop.gov.requests.submit({
        kind: 'revoke',
        requesterId: id(2),
        itemId: `space:${spaceKey}`,
        permissions: ['add_comment'],
        justification: 'done commenting',
      });
      await loop.gov.approvals.decide({
        requestId: revoke.id,
        approverId: id(0),
        decision: 'approved',
        reason: 'fine',
      });
      assert.equal((await loop.settle(revoke.id)).status, 'fulfilled');
      assert.deepEqual(
        directPermissions(loop, accountOf(2))
          .filter((p) => p.startsWith(`${spaceKey}:`))
          .sort(),
        [`${spaceKey}:create/page`, `${spaceKey}:read/space`],
      );
      const heldIn = async () =>
        (await loop.store.store.transaction((tx) => tx.assignments.listByAccount(accountOf(2))))
          .map((a) => a.value)
          .filter((v) => v.startsWith(`${spaceKey}:`));
      assert.deepEqual(await heldIn(), [`${spaceKey}:add_page`, `${spaceKey}:view`]);
      const dropView = await loop.gov.requests.submit({
        kind: 'revoke',
        requesterId: id(2),
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'leaving the space (View takes every other option with it)',
      });
      await loop.gov.approvals.decide({
        requestId: dropView.id,
        approverId: id(0),
        decision: 'approved',
        reason: 'ok',
      });
      assert.equal((await loop.settle(dropView.id)).status, 'fulfilled');
      assert.deepEqual(
        directPermissions(loop, accountOf(2)).filter((p) => p.startsWith(`${spaceKey}:`)),
        [],
      );
      assert.deepEqual(await heldIn(), [], 'the stored assignments follow the verified read-back');
    });

    test('a new hire gets an account made by the create rules, with View that approves itself', async () => {
      const request = await loop.gov.requests.submit({
        requesterId: 'E9',
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'onboarding',
      });
      const done = await loop.settle(request.id);
      assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
      const account = loop.emulator.state.accountByEmailAddress(
        `new.hire@${loop.emulator.state.site.domain}`,
      );
      assert.ok(account);
      assert.equal(account.displayName, 'New Hire');
      assert.equal(account.department, 'Legal');
      assert.deepEqual(
        directPermissions(loop, account.accountId).filter((p) => p.startsWith(`${spaceKey}:`)),
        [`${spaceKey}:read/space`],
      );
    });

    test('time-bound group access is removed when it expires', async () => {
      const request = await loop.gov.requests.submit({
        requesterId: id(3),
        itemId: `group:${groupId}`,
        justification: 'incident',
        endDate: new Date(loop.clock.now().getTime() + HOUR).toISOString(),
      });
      await loop.gov.approvals.decide({
        requestId: request.id,
        approverId: id(0),
        decision: 'approved',
        reason: 'ok',
      });
      await loop.gov.approvals.decide({
        requestId: request.id,
        approverId: id(1),
        decision: 'approved',
        reason: 'ok',
      });
      assert.equal((await loop.settle(request.id)).status, 'fulfilled');
      assert.ok(loop.emulator.state.groups.get(groupId)?.members.has(accountOf(3)));
      assert.deepEqual(await loop.gov.fulfillment.expireAccess(), [], 'not yet expired');
      loop.clock.advance(2 * HOUR);
      const [revocation] = await loop.gov.fulfillment.expireAccess();
      assert.ok(revocation);
      assert.equal((await loop.settle(revocation.id)).status, 'fulfilled');
      assert.equal(loop.emulator.state.groups.get(groupId)?.members.has(accountOf(3)), false);
      assert.equal((await loop.gov.requests.get(request.id)).status, 'expired');
    });

    test('an HR change produces the account update the modify rules call for', async () => {
      const changed = hrFor(people)
        .replace('E4,', 'E4,')
        .replace(/^(E4,[^,]+,First4,Last4,)Engineering,Engineer/m, '$1Finance,Controller');
      const report = await loop.gov.identities.importHr('hr.csv', changed);
      assert.equal(report.accountUpdates, 1);
      const account = await (async () => {
        for (let i = 0; i < 200; i++) {
          const a = loop.emulator.state.accounts.get(accountOf(4));
          if (a?.department === 'Finance') return a;
          await new Promise((r) => setTimeout(r, 50));
        }
        return loop.emulator.state.accounts.get(accountOf(4));
      })();
      assert.equal(account?.department, 'Finance');
      assert.equal(account?.title, 'Controller');
    });

    test('a leaver loses every group and direct space permission through the same path', async () => {
      const grant = await loop.gov.requests.submit({
        requesterId: id(3),
        itemId: `space:${spaceKey}`,
        permissions: ['view'],
        justification: 'x',
      });
      assert.equal((await loop.settle(grant.id)).status, 'fulfilled');
      await loop.gov.stopWorker();
      const late = await loop.gov.requests.submit({
        requesterId: id(3),
        itemId: `group:${groupId}`,
        justification: 'y',
      });
      for (const approver of [id(0), id(1)]) {
        await loop.gov.approvals.decide({
          requestId: late.id,
          approverId: approver,
          decision: 'approved',
          reason: 'ok',
        });
      }
      const left = hrFor(people).replace(/^(E3,.*),active,CC3$/m, '$1,leaver,CC3');
      const report = await loop.gov.identities.importHr('hr.csv', left);
      await loop.gov.startWorker();
      const refused = await loop.settle(late.id);
      assert.equal(
        refused.status,
        'failed',
        'an approved grant still queued when its beneficiary leaves is not applied',
      );
      assert.match(refused.failureReason ?? '', /^identity\.leaver/);
      assert.deepEqual(report.leavers, ['E3']);
      assert.ok(report.revocations.length >= 2);
      for (const requestId of report.revocations) {
        const done = await loop.settle(requestId);
        assert.equal(done.status, 'fulfilled', `${done.itemId}: ${done.failureReason}`);
      }
      assert.deepEqual(directPermissions(loop, accountOf(3)), []);
      assert.equal(loop.emulator.state.hasProduct(accountOf(3), 'confluence'), false);
    });

    test('a group that vanishes from Atlassian stops being requestable at the next aggregation', async () => {
      loop.emulator.state.deleteGroup(groupId, { api: 'control', request: 'test setup' });
      await loop.gov.aggregation.aggregate('test');
      const item = await loop.gov.catalog.get(`group:${groupId}`);
      assert.equal(item.requestable, false);
      await assert.rejects(
        loop.gov.requests.submit({ requesterId: id(2), itemId: item.id, justification: 'z' }),
        (error: unknown) => error instanceof DomainError && error.code === 'catalog.not_requestable',
      );
    });
  });
}
