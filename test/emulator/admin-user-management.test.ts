import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/emulator/index.ts';
import { errorCode, orgPath } from '../helpers/admin-bodies.ts';
import { adminClient, type Reply } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 3, resetEachTest: true });
const call = adminClient(emulator);

function key(reply: Reply): string | undefined {
  return (reply.body as { key?: string }).key;
}

/** A managed account an identity provider syncs (every seeded staff account is SCIM-linked). */
function syncedAccount(): Account {
  const account = [...emulator.state.accounts.values()].find(
    (a) => a.managed && a.scim !== null && a.accountStatus === 'active',
  );
  assert.ok(account);
  return account;
}

/** A managed account that no identity provider syncs: a seeded one whose SCIM link the test removes. */
function localAccount(): Account {
  const account = syncedAccount();
  emulator.state.updateAccount(account.accountId, { scim: null }, null);
  return account;
}

describe('emulated user management API', () => {
  test('auth: missing, wrong and revoked keys get 401 {"key":"unauthorized"}', async () => {
    const path = `/users/${syncedAccount().accountId}/manage`;
    for (const auth of [null, 'Bearer wrong']) {
      const reply = await call('GET', path, undefined, { auth });
      assert.deepEqual([reply.status, reply.body], [401, { key: 'unauthorized' }]);
    }
    emulator.state.credentials.revoked.add('admin');
    assert.equal((await call('GET', path)).status, 401);
  });

  test('privileges: local accounts are fully manageable; synced ones keep IdP-owned fields and lifecycle', async () => {
    const local = localAccount();
    const open = (await call('GET', `/users/${local.accountId}/manage`)).body as Record<string, unknown>;
    assert.deepEqual(open['lifecycle.enablement'], { allowed: true });
    assert.deepEqual((open['profile.write'] as Record<string, unknown>).name, { allowed: true });
    const synced = (await call('GET', `/users/${syncedAccount().accountId}/manage`)).body as Record<
      string,
      unknown
    >;
    const scim = { allowed: false, reason: { key: 'externalDirectory.scim' } };
    assert.deepEqual(synced['lifecycle.enablement'], scim);
    assert.deepEqual(synced['email.set'], scim);
    assert.deepEqual((synced['profile.write'] as Record<string, unknown>).name, scim);
    assert.deepEqual((synced['profile.write'] as Record<string, unknown>).nickname, { allowed: true });
  });

  test('only managed accounts: guests and apps are 403 forbidden, unknown ids 404 accountNotFound', async () => {
    const guest = [...emulator.state.accounts.values()].find((a) => a.guest);
    const app = [...emulator.state.accounts.values()].find((a) => a.accountType === 'app');
    assert.ok(guest && app);
    for (const account of [guest, app]) {
      const reply = await call('GET', `/users/${account.accountId}/manage/profile`);
      assert.deepEqual([reply.status, key(reply)], [403, 'forbidden']);
    }
    const privileges = await call('GET', `/users/${guest.accountId}/manage`);
    assert.deepEqual([privileges.status, key(privileges)], [403, 'forbidden']);
    const missing = await call('POST', '/users/nobody/manage/lifecycle/disable', {});
    assert.deepEqual([missing.status, key(missing)], [404, 'accountNotFound']);
  });

  test('profile edits go through the state and the write log names exactly the account', async () => {
    const account = localAccount();
    const path = `/users/${account.accountId}/manage/profile`;
    const edit = {
      name: 'Ada Lovelace',
      nickname: 'ada',
      zoneinfo: 'Europe/London',
      extended_profile: {
        job_title: 'Analyst',
        department: 'Research',
        organization: 'Acme',
        location: 'London',
      },
    };
    const reply = await call('PATCH', path, edit);
    assert.equal(reply.status, 200);
    const profile = (reply.body as { account: Record<string, unknown> }).account;
    assert.equal(profile.name, 'Ada Lovelace');
    assert.deepEqual(profile.extended_profile, edit.extended_profile);
    assert.deepEqual(
      [account.displayName, account.nickname, account.timezone, account.title, account.department],
      ['Ada Lovelace', 'ada', 'Europe/London', 'Analyst', 'Research'],
    );
    assert.deepEqual((await call('GET', path)).body, reply.body);
    assert.deepEqual(
      emulator.state.writeLog.map((entry) => [entry.operation, entry.accountIds, entry.detail.fields]),
      [
        [
          'account.profile.update',
          [account.accountId],
          ['displayName', 'nickname', 'timezone', 'title', 'organization', 'department', 'location'],
        ],
      ],
    );
  });

  test('profile edits of IdP-owned fields on a synced account are 403 forbidden.fieldMutation', async () => {
    const account = syncedAccount();
    const path = `/users/${account.accountId}/manage/profile`;
    const refused = await call('PATCH', path, { name: 'New Name', extended_profile: { department: 'X' } });
    assert.deepEqual([refused.status, key(refused)], [403, 'forbidden.fieldMutation']);
    assert.deepEqual(Object.keys((refused.body as { context: object }).context), [
      'name',
      'extended_profile.department',
    ]);
    assert.equal((await call('PATCH', path, { nickname: 'nick', zoneinfo: 'Asia/Tokyo' })).status, 200);
    assert.equal(account.timezone, 'Asia/Tokyo');
  });

  test('bad profile bodies: 400 bodyParseFailure or fieldConstraintsViolated, and nothing is written', async () => {
    const path = `/users/${localAccount().accountId}/manage/profile`;
    for (const body of ['{"name":', '[1]', '"x"']) {
      const reply = await call('PATCH', path, body);
      assert.deepEqual([reply.status, key(reply)], [400, 'bodyParseFailure'], body);
    }
    const cases: Array<[unknown, string, string]> = [
      [{ name: 'x'.repeat(101) }, 'name', 'maxLength'],
      [{ nickname: 5 }, 'nickname', 'type'],
      [{ nickname: 'a\u0000b' }, 'nickname', 'validCharacters'],
      [{ email: 'a@acme.example.com' }, 'email', 'readOnly'],
    ];
    for (const [body, field, violation] of cases) {
      const reply = await call('PATCH', path, body);
      assert.deepEqual([reply.status, key(reply)], [400, 'fieldConstraintsViolated'], field);
      const context = (
        reply.body as {
          context: { fieldViolations: Array<{ field: string; violations: Array<{ key: string }> }> };
        }
      ).context;
      assert.deepEqual(context.fieldViolations, [{ field, violations: [{ key: violation }] }]);
    }
    assert.equal(emulator.state.writeLog.length, 0);
  });

  test('email: set on a verified domain (204); other domains, bad addresses and synced accounts refused', async () => {
    const account = localAccount();
    const path = `/users/${account.accountId}/manage/email`;
    const domain = emulator.state.site.domain;
    assert.equal((await call('PUT', path, { email: `ada.l@${domain}` })).status, 204);
    assert.equal(emulator.state.accountByEmailAddress(`ada.l@${domain}`)?.accountId, account.accountId);
    const foreign = await call('PUT', path, { email: 'ada@elsewhere.example.net' });
    assert.deepEqual([foreign.status, key(foreign)], [403, 'forbidden.unclaimedDomain']);
    const invalid = await call('PUT', path, { email: 'not-an-address' });
    assert.deepEqual([invalid.status, key(invalid)], [400, 'fieldConstraintsViolated']);
    const synced = await call('PUT', `/users/${syncedAccount().accountId}/manage/email`, {
      email: `z@${domain}`,
    });
    assert.deepEqual([synced.status, key(synced)], [403, 'forbidden.action']);
    assert.deepEqual(
      emulator.state.writeLog.map((entry) => [entry.operation, entry.accountIds]),
      [['account.email.set', [account.accountId]]],
    );
  });

  test('lifecycle: disable, enable, delete with a grace period, cancel-delete, and the conflicts', async () => {
    const { state } = emulator;
    const account = localAccount();
    const lifecycle = (action: string): Promise<Reply> =>
      call(
        'POST',
        `/users/${account.accountId}/manage/lifecycle/${action}`,
        action === 'disable' ? { message: 'leaver' } : undefined,
      );
    assert.equal((await lifecycle('disable')).status, 204);
    assert.equal(account.accountStatus, 'inactive');
    assert.equal((await lifecycle('enable')).status, 204);
    assert.equal(account.accountStatus, 'active');
    const deleted = await lifecycle('delete');
    assert.equal(deleted.status, 200);
    assert.equal(account.accountStatus, 'inactive');
    const permanentAt = Date.parse(state.pendingDeletion.get(account.accountId) ?? '');
    assert.ok(Math.abs(permanentAt - (Date.now() + 14 * 86_400_000)) < 60_000, 'a 14-day grace period');
    const enablePending = await lifecycle('enable');
    assert.deepEqual([enablePending.status, key(enablePending)], [409, 'conflict.lifecycleErrors']);
    const deleteAgain = await lifecycle('delete');
    assert.deepEqual([deleteAgain.status, key(deleteAgain)], [409, 'conflict.lifecycleErrors']);
    assert.equal((await lifecycle('cancel-delete')).status, 200);
    assert.equal(account.accountStatus, 'active');
    const cancelAgain = await lifecycle('cancel-delete');
    assert.deepEqual([cancelAgain.status, key(cancelAgain)], [404, 'notFound']);
    assert.deepEqual(
      state.writeLog.map((entry) => [entry.operation, entry.accountIds]),
      [
        ['account.disable', [account.accountId]],
        ['account.enable', [account.accountId]],
        ['account.delete.schedule', [account.accountId]],
        ['account.delete.cancel', [account.accountId]],
      ],
    );
  });

  test('API tokens: a managed account lists none, and deleting an unknown token is 404', async () => {
    const accountId = syncedAccount().accountId;
    const list = await call('GET', `/users/${accountId}/manage/api-tokens`);
    assert.deepEqual([list.status, list.body], [200, []]);
    const removed = await call('DELETE', `/users/${accountId}/manage/api-tokens/no-such-token`);
    assert.deepEqual([removed.status, key(removed)], [404, 'notFound']);
  });

  test('when the grace period ends the account is closed, leaves its groups and is gone from both APIs', async () => {
    const { state } = emulator;
    const account = localAccount();
    const groups = state.groupsOf(account.accountId).length;
    assert.ok(groups > 0);
    assert.equal((await call('POST', `/users/${account.accountId}/manage/lifecycle/delete`)).status, 200);
    state.pendingDeletion.set(account.accountId, new Date(Date.now() - 1000).toISOString());
    const gone = await call('GET', `/users/${account.accountId}/manage/profile`);
    assert.deepEqual([gone.status, key(gone)], [404, 'accountNotFound']);
    assert.equal(account.accountStatus, 'closed');
    assert.equal(state.groupsOf(account.accountId).length, 0);
    assert.equal(state.pendingDeletion.has(account.accountId), false);
    const ended = state.writeLog.filter((entry) => entry.request === 'grace period ended');
    assert.equal(ended.length, groups + 1);
    assert.ok(
      ended.every((entry) => entry.accountIds.length === 1 && entry.accountIds[0] === account.accountId),
    );
    const total = async (): Promise<number> =>
      ((await call('GET', orgPath(emulator, '/users'))).body as { meta: { total: number } }).meta.total;
    const managed = [...state.accounts.values()].filter((a) => a.managed);
    assert.equal(await total(), managed.length - 1, 'the deleted account is no longer listed');
    const suspend = await call(
      'POST',
      orgPath(emulator, `/directory/users/${account.accountId}/suspend-access`),
    );
    assert.deepEqual([suspend.status, errorCode(suspend)], [404, 'ADMIN-404-8']);
  });

  test('lifecycle of a synced account belongs to the identity provider: 403 forbidden.action', async () => {
    const account = syncedAccount();
    for (const action of ['disable', 'enable', 'delete']) {
      const reply = await call('POST', `/users/${account.accountId}/manage/lifecycle/${action}`, {});
      assert.deepEqual([reply.status, key(reply)], [403, 'forbidden.action'], action);
      assert.deepEqual((reply.body as { context: unknown }).context, {
        allowed: false,
        reason: { key: 'externalDirectory.scim' },
      });
    }
    assert.equal(account.accountStatus, 'active');
    assert.equal(emulator.state.writeLog.length, 0);
  });
});
