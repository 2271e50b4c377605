import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { orgPath } from '../helpers/admin-bodies.ts';
import { adminClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 7, resetEachTest: true });
const call = adminClient(emulator);

type UserPage = {
  data: Array<{ account_id: string; product_access: Array<{ key: string; url: string }> }>;
  meta: { total: number };
  links: { self: string; prev?: string; next?: string };
};

describe('emulated organization admin API: orgs and users', () => {
  test('auth: a missing, wrong or revoked key gets 401 with the ProxyError body', async () => {
    for (const auth of [null, 'Bearer nope', `Basic ${emulator.state.credentials.adminApiKey}`]) {
      const reply = await call('GET', orgPath(emulator, '/users'), undefined, { auth });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, { code: 401, message: 'Unauthorized' });
    }
    emulator.state.credentials.revoked.add('admin');
    assert.equal((await call('GET', '/admin/v1/orgs')).status, 401);
    emulator.state.credentials.revoked.delete('admin');
    assert.equal((await call('GET', '/admin/v1/orgs')).status, 200);
  });

  test('lists the one organization and reads it by id; an unknown org id is ADMIN-404-2', async () => {
    const list = (await call('GET', '/admin/v1/orgs')).body as { data: Array<{ id: string }> };
    assert.deepEqual(
      list.data.map((org) => org.id),
      [emulator.state.site.orgId],
    );
    const one = (await call('GET', orgPath(emulator))).body as {
      data: { id: string; attributes: { name: string } };
    };
    assert.equal(one.data.id, emulator.state.site.orgId);
    assert.equal(one.data.attributes.name, 'Acme');
    const missing = await call('GET', '/admin/v1/orgs/not-our-org/users');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { errors: Array<{ code: string }> }).errors[0]?.code, 'ADMIN-404-2');
  });

  test('walks every page of managed accounts with full-URL cursors; product_access follows the groups', async () => {
    const { state } = emulator;
    addPeople(75);
    const managed = state.accountOrder.filter((id) => state.accounts.get(id)?.managed === true);
    assert.ok(managed.length > 100, 'this test needs three pages or more');
    const seen: UserPage['data'] = [];
    let path: string | null = orgPath(emulator, '/users');
    let pages = 0;
    while (path !== null) {
      const page = (await call('GET', path)).body as UserPage;
      assert.equal(page.meta.total, managed.length);
      assert.ok(page.data.length <= 50);
      assert.equal(page.links.self, `${emulator.url}${path}`);
      if (pages > 0) assert.ok(page.links.prev?.startsWith(`${emulator.url}${orgPath(emulator, '/users')}`));
      seen.push(...page.data);
      pages++;
      const next = page.links.next;
      if (next !== undefined) assert.match(next, /^http:\/\/.+\/users\?cursor=[A-Za-z0-9_-]+$/);
      path = next === undefined ? null : next.slice(emulator.url.length);
    }
    assert.equal(pages, Math.ceil(managed.length / 50));
    assert.deepEqual(
      seen.map((user) => user.account_id),
      managed,
    );
    for (const user of seen) {
      const confluence = user.product_access.filter((product) => product.key === 'confluence');
      assert.equal(
        confluence.length,
        state.hasProduct(user.account_id, 'confluence') ? 1 : 0,
        user.account_id,
      );
      for (const product of confluence) assert.equal(product.url, 'acme.atlassian.net/wiki');
    }
    assert.ok(seen.some((user) => user.product_access.some((p) => p.key === 'jira-software')));
  });

  test('a cursor that was not issued is ADMIN-400-1', async () => {
    for (const cursor of ['garbage', Buffer.from('users:99999').toString('base64url'), 'b3Jncw']) {
      const reply = await call('GET', orgPath(emulator, `/users?cursor=${cursor}`));
      assert.equal(reply.status, 400, cursor);
      assert.equal((reply.body as { errors: Array<{ code: string }> }).errors[0]?.code, 'ADMIN-400-1');
    }
  });

  test('last-active dates list each product of the user; an unknown user is ADMIN-404-8', async () => {
    const { state } = emulator;
    const accountId = state.accountOrder.find(
      (id) => state.hasProduct(id, 'confluence') && state.accounts.get(id)?.lastActive !== null,
    );
    assert.ok(accountId);
    const reply = await call('GET', orgPath(emulator, `/directory/users/${accountId}/last-active-dates`));
    const data = (reply.body as { data: { product_access: Array<{ key: string; id: string }> } }).data;
    assert.ok(data.product_access.some((p) => p.key === 'confluence' && p.id === state.site.cloudId));
    const missing = await call('GET', orgPath(emulator, '/directory/users/nobody/last-active-dates'));
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { errors: Array<{ code: string }> }).errors[0]?.code, 'ADMIN-404-8');
  });

  test('suspend removes product access but keeps groups; restore gives it back; the write log names the user', async () => {
    const { state } = emulator;
    const accountId = state.accountOrder.find(
      (id) => state.hasProduct(id, 'confluence') && id !== state.accountOrder[0],
    );
    assert.ok(accountId);
    const groups = state.groupsOf(accountId).length;
    const suspend = await call('POST', orgPath(emulator, `/directory/users/${accountId}/suspend-access`));
    assert.equal(suspend.status, 200);
    assert.match(
      (suspend.body as { message: string }).message,
      new RegExp(`suspended for user ${accountId}`),
    );
    assert.equal(state.hasProduct(accountId, 'confluence'), false);
    assert.equal(state.groupsOf(accountId).length, groups);
    const listed = await findUser(accountId);
    assert.deepEqual(listed?.product_access, []);
    assert.equal(
      (await call('POST', orgPath(emulator, `/directory/users/${accountId}/restore-access`))).status,
      200,
    );
    assert.equal(state.hasProduct(accountId, 'confluence'), true);
    const writes = state.writeLog.map((entry) => [entry.operation, entry.accountIds]);
    assert.deepEqual(writes, [
      ['account.suspend', [accountId]],
      ['account.restore', [accountId]],
    ]);
    const missing = await call('POST', orgPath(emulator, '/directory/users/nobody/suspend-access'));
    assert.equal(missing.status, 404);
  });

  test('removing a user from the directory takes them out of every group, and only them', async () => {
    const { state } = emulator;
    const accountId = state.accountOrder.find(
      (id) => state.groupsOf(id).length > 1 && id !== state.accountOrder[0],
    );
    assert.ok(accountId);
    const groupCount = state.groupsOf(accountId).length;
    const reply = await call('DELETE', orgPath(emulator, `/directory/users/${accountId}`));
    assert.equal(reply.status, 204);
    assert.equal(state.groupsOf(accountId).length, 0);
    assert.equal(state.hasProduct(accountId, 'confluence'), false);
    assert.equal(state.writeLog.length, groupCount);
    for (const entry of state.writeLog) {
      assert.equal(entry.operation, 'group.member.remove');
      assert.deepEqual(entry.accountIds, [accountId]);
      assert.equal(entry.api, 'admin');
    }
    const missing = await call('DELETE', orgPath(emulator, '/directory/users/nobody'));
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { errors: Array<{ code: string }> }).errors[0]?.code, 'ADMIN-404-8');
  });

  test('unknown admin paths answer ADMIN-404-1 in the errors body, never Fastify’s', async () => {
    const reply = await call('GET', '/admin/v1/nothing-here', undefined, { spec: null });
    assert.equal(reply.status, 404);
    assert.equal((reply.body as { errors: Array<{ code: string }> }).errors[0]?.code, 'ADMIN-404-1');
    const unauthenticated = await call('GET', '/admin/v1/nothing-here', undefined, {
      spec: null,
      auth: null,
    });
    assert.equal(unauthenticated.status, 401);
  });
});

async function findUser(accountId: string): Promise<UserPage['data'][number] | undefined> {
  let path: string | null = orgPath(emulator, '/users');
  while (path !== null) {
    const page = (await call('GET', path)).body as UserPage;
    const found = page.data.find((user) => user.account_id === accountId);
    if (found !== undefined) return found;
    path = page.links.next === undefined ? null : page.links.next.slice(emulator.url.length);
  }
  return undefined;
}

/** Adds managed people to the seeded site (no write log: set-up, not a write); every third gets Confluence. */
function addPeople(count: number): void {
  const { state } = emulator;
  const users = state.groupByGroupName(state.defaultGroupName('user'));
  assert.ok(users);
  for (let index = 0; index < count; index++) {
    const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
    const accountId = `test-${String(index).padStart(4, '0')}`;
    state.insertAccount(
      {
        accountId,
        accountType: 'atlassian',
        accountStatus: 'active',
        email: `person${index}@${state.site.domain}`,
        displayName: `Person ${index}`,
        givenName: 'Person',
        familyName: String(index),
        nickname: 'Person',
        department: null,
        title: null,
        organization: null,
        timezone: 'UTC',
        locale: 'en-US',
        managerAccountId: null,
        managed: true,
        guest: false,
        scim: null,
        lastActive: index % 2 === 0 ? at : null,
        createdAt: at,
        updatedAt: at,
      },
      null,
    );
    if (index % 3 === 0) state.addMember(users.id, accountId, null);
  }
}
