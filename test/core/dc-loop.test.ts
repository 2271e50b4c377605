import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import {
  createGovernance,
  type Governance,
  loadAttributePolicy,
  loadWorkflowPolicy,
  ManualClock,
  type StoredAccount,
} from '../../src/core/index.ts';
import { type RunningDcEmulator, startEmulator } from '../../src/emulator/index.ts';
import { freshStore, waitFor } from '../store/fresh-store.ts';
import { hrFor, LOOP_WORKFLOWS } from './loop-fixture.ts';

/** Data Center writes the full name only: the create rule sets it, nothing else is pushed. */
const DC_POLICY = `
version: 1
rules:
  - name: display-name
    on: [create]
    set:
      displayName: { template: "{firstName} {lastName}" }
`;

const ORIGIN = { api: 'control' as const, request: 'test setup' };

/** Direct user rows the emulator holds for a userKey, as `KEY:PERMTYPE`. */
function directRows(emulator: RunningDcEmulator, userKey: string): string[] {
  return [...emulator.state.spaces.values()].flatMap((space) =>
    space.permissions
      .filter((p) => p.principal.type === 'user' && p.principal.id === userKey)
      .map((p) => `${space.key}:${p.type}`),
  );
}

/** Whether the emulator says the user is in a group that holds "Can use". */
function inCanUseGroup(emulator: RunningDcEmulator, userKey: string): boolean {
  const { state } = emulator;
  return state
    .groupsOf(userKey)
    .some((group) =>
      state.globalGrants.some(
        (g) =>
          g.permission === 'USECONFLUENCE' && g.principal.type === 'group' && g.principal.id === group.id,
      ),
    );
}

// The governance loop on SQLite against the Data Center emulator: REST at 9.2, JSON-RPC at 7.19.
for (const dcVersion of ['7.19', '9.2'] as const) {
  describe(`the governance loop against the Data Center ${dcVersion} emulator`, () => {
    let emulator: RunningDcEmulator;
    let gov: Governance;
    let store: Awaited<ReturnType<typeof freshStore>>;
    let people: StoredAccount[];
    const id = (i: number) => `E${i}`;
    const keyOf = (i: number) => people[i]?.key ?? '';
    const settle = async (requestId: string) =>
      waitFor(
        () => gov.requests.get(requestId),
        (r) => r.status === 'fulfilled' || r.status === 'failed',
        30_000,
      );

    before(async () => {
      emulator = await startEmulator({ flavor: 'datacenter', dcVersion, size: 'small', seed: 5, port: 0 });
      const { state } = emulator;
      const writers = state.insertGroup(
        {
          id: 'loop-writers',
          name: 'loop-writers',
          directoryId: 1,
          members: new Set(),
          updatedAt: state.now().toISOString(),
        },
        ORIGIN,
      );
      state.grantGlobal('USECONFLUENCE', { type: 'group', id: writers.id }, ORIGIN);
      const admin = state.userByUsername('admin');
      assert.ok(admin);
      const space = state.insertSpace(
        {
          key: 'LOOP',
          name: 'Loop',
          type: 'global',
          status: 'current',
          authorId: admin.userKey,
          createdAt: state.now().toISOString(),
          description: '',
        },
        ORIGIN,
      );
      for (const type of ['VIEWSPACE', 'SETSPACEPERMISSIONS'] as const)
        state.addSpacePermission(space.id, { type: 'user', id: admin.userKey }, type, ORIGIN);
      const config = parseConnectorConfig({
        ...emulator.connectorConfig(),
        retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
      });
      store = await freshStore('sqlite', { jobTimeoutSeconds: 10, concurrency: 2 });
      gov = createGovernance({
        store: store.store,
        queue: store.queue,
        connector: createConnector(config),
        workflows: loadWorkflowPolicy('workflows.yaml', LOOP_WORKFLOWS),
        attributePolicy: loadAttributePolicy('attribute-policy.yaml', DC_POLICY),
        clock: new ManualClock(new Date()),
      });
      await gov.aggregation.aggregate('test');
      const accounts = await store.store.transaction((tx) => tx.accounts.list());
      people = accounts
        .filter((a) => {
          const user = state.accounts.get(a.key);
          return (
            user?.active &&
            !state.directoryOf(user).readOnly &&
            !state.isAdmin(user.userKey) &&
            state.groups.get('confluence-users')?.members.has(user.userKey) === true
          );
        })
        .slice(0, 5);
      assert.equal(people.length, 5);
      await gov.identities.importHr(
        'hr.csv',
        hrFor(people, ['E9,new.hire@acme.example.com,New,Hire,Legal,Counsel,E0,active,CC9']),
      );
      const again = await gov.aggregation.aggregate('test');
      assert.equal(again.correlated, 5, 'correlated by email, case-insensitively');
      await gov.catalog.update('space:LOOP', { owner: id(1) }, 'admin');
      await gov.catalog.update('group:loop-writers', { owner: id(1) }, 'admin');
      await gov.startWorker();
    });
    after(async () => {
      await gov.stopWorker();
      await store.dispose();
      await emulator.close();
    });

    test('the catalog offers the space with fifteen options, Delete Mail manageable and Archive Page not', async () => {
      const { options } = await gov.catalog.describe('space:LOOP');
      const byId = new Map(options.map((o) => [o.id, o]));
      assert.equal(options.length, 15);
      assert.equal(byId.get('delete_mail')?.manageable, true);
      assert.equal(byId.get('archive_page')?.manageable, false);
    });

    test('request, two approvals, fulfilled and visible in the emulator', async () => {
      const request = await gov.requests.submit({
        requesterId: id(2),
        itemId: 'space:LOOP',
        permissions: ['view', 'add_page', 'add_comment'],
        justification: 'writing the design docs',
      });
      for (const approver of [id(0), id(1)])
        await gov.approvals.decide({
          requestId: request.id,
          approverId: approver,
          decision: 'approved',
          reason: 'ok',
        });
      const done = await settle(request.id);
      assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
      assert.deepEqual(
        directRows(emulator, keyOf(2))
          .filter((row) => row.startsWith('LOOP:'))
          .sort(),
        ['LOOP:COMMENT', 'LOOP:EDITSPACE', 'LOOP:VIEWSPACE'],
      );
      const group = await gov.requests.submit({
        requesterId: id(3),
        itemId: 'group:loop-writers',
        justification: 'team',
      });
      for (const approver of [id(0), id(1)])
        await gov.approvals.decide({
          requestId: group.id,
          approverId: approver,
          decision: 'approved',
          reason: 'ok',
        });
      assert.equal((await settle(group.id)).status, 'fulfilled');
      assert.ok(emulator.state.groups.get('loop-writers')?.members.has(keyOf(3)));
    });

    test('a new hire gets an account in confluence-users, named by the create rule, with View', async () => {
      const request = await gov.requests.submit({
        requesterId: 'E9',
        itemId: 'space:LOOP',
        permissions: ['view'],
        justification: 'onboarding',
      });
      const done = await settle(request.id);
      assert.equal(done.status, 'fulfilled', done.failureReason ?? '');
      const user = [...emulator.state.accounts.values()].find((u) => u.email === 'new.hire@acme.example.com');
      assert.ok(user);
      assert.equal(user.displayName, 'New Hire');
      assert.ok(emulator.state.groups.get('confluence-users')?.members.has(user.userKey));
      assert.deepEqual(directRows(emulator, user.userKey), ['LOOP:VIEWSPACE']);
    });

    test('a leaver loses every group holding "Can use" and every direct space permission', async () => {
      const grant = await gov.requests.submit({
        requesterId: id(3),
        itemId: 'space:LOOP',
        permissions: ['view'],
        justification: 'x',
      });
      assert.equal((await settle(grant.id)).status, 'fulfilled');
      const left = hrFor(people).replace(/^(E3,.*),active,CC3$/m, '$1,leaver,CC3');
      const report = await gov.identities.importHr('hr.csv', left);
      assert.deepEqual(report.leavers, ['E3']);
      assert.ok(report.revocations.length >= 2);
      for (const requestId of report.revocations) {
        const done = await settle(requestId);
        assert.equal(done.status, 'fulfilled', `${done.itemId}: ${done.failureReason}`);
      }
      assert.deepEqual(directRows(emulator, keyOf(3)), []);
      assert.equal(inCanUseGroup(emulator, keyOf(3)), false);
    });

    test('a leaver is deactivated where a leave rule says so; a read-only directory refuses it, an action item', async () => {
      const leave = `${DC_POLICY}  - name: deactivate-leavers\n    on: [leave]\n    deactivate: true\n`;
      gov.setPolicies({ attributePolicy: loadAttributePolicy('attribute-policy.yaml', leave) });
      const { state } = emulator;
      // A person whose user lives in the read-only LDAP directory and can use Confluence.
      const accounts = await store.store.transaction((tx) => tx.accounts.list());
      const ldap = accounts.find((a) => {
        const user = state.accounts.get(a.key);
        return user?.active === true && state.directoryOf(user).readOnly && inCanUseGroup(emulator, a.key);
      });
      assert.ok(ldap, 'the seed has a read-only user who can use Confluence');
      const rows = (status: string) => [`E8,${ldap.email},Lee,Dap,Engineering,Engineer,E0,${status},CC8`];
      const stillLeft = (csv: string) => csv.replace(/^(E3,.*),active,CC3$/m, '$1,leaver,CC3');
      await gov.identities.importHr('hr.csv', stillLeft(hrFor(people, rows('active'))));
      assert.equal(
        (await store.store.transaction((tx) => tx.accounts.get(ldap.key)))?.identityId,
        'E8',
        'correlated by email',
      );
      // Given in Confluence directly, unseen by Spacegate: the sweep finds it.
      const loop = state.spaceByKeyName('LOOP');
      assert.ok(loop);
      state.addSpacePermission(loop.id, { type: 'user', id: ldap.key }, 'VIEWSPACE', ORIGIN);
      assert.ok(directRows(emulator, ldap.key).includes('LOOP:VIEWSPACE'));
      const left = stillLeft(hrFor(people, rows('leaver'))).replace(/^(E4,.*),active,CC4$/m, '$1,leaver,CC4');
      const report = await gov.identities.importHr('hr.csv', left);
      assert.deepEqual(report.leavers, ['E4', 'E8']);
      assert.equal(report.deactivations.length, 2);
      const open = () => store.store.transaction((tx) => tx.requests.list({ status: ['pending'] }));
      await waitFor(open, (pending) => pending.length === 0, 60_000);
      assert.deepEqual(await open(), [], 'every revocation and deactivation settled');

      const e4 = await gov.requests.list({ beneficiaryId: 'E4' });
      for (const r of e4) assert.equal(r.status, 'fulfilled', `${r.kind} ${r.itemId}: ${r.failureReason}`);
      assert.equal(state.accounts.get(keyOf(4))?.active, false, 'E4 is deactivated');
      assert.deepEqual(directRows(emulator, keyOf(4)), []);
      assert.equal(inCanUseGroup(emulator, keyOf(4)), false);
      const why = await gov.audit.list({ subject: 'identity:E4', type: 'account.deactivated' });
      assert.match(String(why[0]?.data.reason), /rule "deactivate-leavers"/);

      const e8 = await gov.requests.list({ beneficiaryId: 'E8' });
      const refused = e8.find((r) => r.kind === 'deactivate');
      assert.equal(refused?.status, 'failed');
      assert.match(refused?.failureReason ?? '', /^read_only_directory: /);
      assert.equal(state.accounts.get(ldap.key)?.active, true, 'Confluence refused: still active');
      assert.deepEqual(directRows(emulator, ldap.key), [], 'its space permissions are removed all the same');
      for (const r of e8.filter((x) => x.status === 'failed'))
        assert.match(r.failureReason ?? '', /^read_only_directory: /, `${r.kind} ${r.itemId}`);
    });

    test('rehired: the deactivated account is enabled again with no access given back; a refused deactivation is withdrawn', async () => {
      const { state } = emulator;
      const e8 = (await gov.requests.list({ beneficiaryId: 'E8' })).find((r) => r.kind === 'deactivate');
      assert.equal(e8?.status, 'failed');
      const ldap = await store.store.transaction((tx) => tx.accounts.getByIdentity('E8'));
      assert.ok(ldap);
      const row = [`E8,${ldap.email},Lee,Dap,Engineering,Engineer,E0,active,CC8`];
      const back = hrFor(people, row).replace(/^(E3,.*),active,CC3$/m, '$1,leaver,CC3');
      const report = await gov.identities.importHr('hr-back.csv', back);
      assert.deepEqual(report.rehires, ['E4', 'E8']);
      assert.equal(report.reactivations.length, 1, 'E4 only: E8 was never deactivated');
      assert.deepEqual(report.cancelledDeactivations, [e8?.id], "E8's action item is withdrawn");
      const open = () => store.store.transaction((tx) => tx.requests.list({ status: ['pending'] }));
      await waitFor(open, (pending) => pending.length === 0, 60_000);

      const reactivation = await gov.requests.get(report.reactivations[0] ?? '');
      assert.equal(reactivation?.status, 'fulfilled', reactivation?.failureReason ?? '');
      assert.equal(state.accounts.get(keyOf(4))?.active, true, 'E4 is enabled again');
      assert.ok(
        inCanUseGroup(emulator, keyOf(4)),
        'E4 is back in the product group, as a new account would be',
      );
      const canUse = state
        .groupsOf(keyOf(4))
        .filter((group) =>
          state.globalGrants.some(
            (g) =>
              g.permission === 'USECONFLUENCE' && g.principal.type === 'group' && g.principal.id === group.id,
          ),
        )
        .map((g) => g.name);
      assert.deepEqual(canUse, ['confluence-users'], 'no other group holding "Can use"');
      assert.deepEqual(directRows(emulator, keyOf(4)), [], 'no space permission given back');
      const why = await gov.audit.list({ subject: 'identity:E4', type: 'account.reactivated' });
      assert.deepEqual(
        why.map((e) => e.data.reason),
        ['rehired in hr-back.csv'],
      );
      assert.equal((await gov.requests.get(e8?.id ?? ''))?.status, 'cancelled');
      const cancelled = await gov.audit.list({ subject: `request:${e8?.id}`, type: 'request.cancelled' });
      assert.deepEqual(
        cancelled.map((e) => e.data.reason),
        ['rehired in hr-back.csv'],
      );
      assert.equal(state.accounts.get(ldap.key)?.active, true, 'E8 left alone');
    });
  });
}
