import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface RequestBody {
  id: string;
  status: string;
  state: string;
  attempts: number | null;
  permissions: Array<{ id: string }>;
  beneficiary: { email: string };
}

let running: RunningSpacegate;

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Client = ReturnType<typeof createClient>;

async function signedIn(username: string): Promise<Client> {
  const client = createClient(running.url);
  await client.signIn(username, 'demo');
  return client;
}

async function settled(client: Client, id: string, done = ['fulfilled', 'failed', 'partially_fulfilled']) {
  return until(async () => {
    const body = (await (await client.request(`/api/v1/requests/${id}`)).json()) as RequestBody;
    return done.includes(body.status) ? body : undefined;
  }, `request ${id} to settle`);
}

/** The requester's direct permissions in a space, as the emulator holds them (`key/target`). */
function heldInEmulator(spaceKey: string): string[] {
  const state = running.runtime.emulator?.state;
  const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
  const accountId = state?.accountByEmailAddress(email)?.accountId;
  return (state?.spaceByKeyName(spaceKey)?.permissions ?? [])
    .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
    .map((p) => `${p.key}/${p.target}`)
    .sort();
}

async function grantAndApprove(
  requester: Client,
  itemId: string,
  permissions: string[],
): Promise<RequestBody> {
  const created = await requester.json(
    'POST',
    '/api/v1/requests',
    { itemId, permissions, justification: 'project work' },
    await requester.csrf(),
  );
  assert.equal(created.status, 201, await created.clone().text());
  const request = (await created.json()) as RequestBody;
  const approver = await signedIn('approver');
  const decided = await approver.json(
    'POST',
    `/api/v1/requests/${request.id}/decision`,
    { decision: 'approve', comment: 'ok' },
    await approver.csrf(),
  );
  assert.equal(decided.status, 200, await decided.clone().text());
  return request;
}

before(async () => {
  running = await startDemoServer();
});
after(() => running.close());

describe('revoke on demand and failures that get handled (demo mode, real HTTP to the emulator)', () => {
  test('a person removes one of their own space permissions; the rest stays', async () => {
    const space = await spaceRequesterLacks(running);
    const requester = await signedIn('requester');
    const grant = await grantAndApprove(requester, space.id, ['view', 'add_comment', 'add_page']);
    assert.equal((await settled(requester, grant.id)).status, 'fulfilled');
    assert.deepEqual(heldInEmulator(space.key), ['create/comment', 'create/page', 'read/space']);

    const form = await requester.page(`/revoke?item=${encodeURIComponent(space.id)}&option=add_comment`);
    assert.equal(form.response.status, 200);
    assert.match(form.text, /Removing View removes every permission in this space/);
    const revoked = await requester.json(
      'POST',
      '/api/v1/requests',
      { kind: 'revoke', itemId: space.id, permissions: ['add_comment'], justification: 'no longer needed' },
      await requester.csrf(),
    );
    assert.equal(revoked.status, 201, await revoked.clone().text());
    const revocation = (await revoked.json()) as RequestBody;
    const approver = await signedIn('approver');
    const decided = await approver.json(
      'POST',
      `/api/v1/requests/${revocation.id}/decision`,
      { decision: 'approve', comment: 'fine' },
      await approver.csrf(),
    );
    assert.equal(decided.status, 200, await decided.clone().text());
    const done = await settled(requester, revocation.id);
    assert.equal(done.status, 'fulfilled', done.state);
    assert.match(done.state, /removed and checked/);
    assert.deepEqual(heldInEmulator(space.key), ['create/page', 'read/space'], 'only Add Comment went');

    const again = await requester.json(
      'POST',
      '/api/v1/requests',
      { kind: 'revoke', itemId: space.id, permissions: ['add_comment'], justification: 'again' },
      await requester.csrf(),
    );
    assert.equal(again.status, 409, 'what is no longer held cannot be revoked');
    assert.equal(((await again.json()) as { code: string }).code, 'request.not_held');

    const cascade = await requester.json(
      'POST',
      '/api/v1/requests',
      { kind: 'revoke', itemId: space.id, permissions: ['view'], justification: 'leaving the project' },
      await requester.csrf(),
    );
    assert.equal(cascade.status, 201, await cascade.clone().text());
    const all = (await cascade.json()) as RequestBody;
    assert.deepEqual(
      all.permissions.map((p) => p.id).sort(),
      ['add_page', 'view'],
      'revoking View names everything it takes with it',
    );
  });

  test('nobody removes access of someone they may not request for', async () => {
    const requester = await signedIn('requester');
    const adminEmail = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
    const refused = await requester.json(
      'POST',
      '/api/v1/requests',
      {
        kind: 'revoke',
        itemId: (await spaceRequesterLacks(running)).id,
        permissions: ['view'],
        justification: 'x',
        beneficiaryEmail: adminEmail,
      },
      await requester.csrf(),
    );
    assert.equal(refused.status, 403);
    const list = await requester.request('/api/v1/failures');
    assert.equal(list.status, 403, 'the failures list is for administrators');
  });

  test('a failed fulfillment retried from the failures page applies once', async () => {
    const emulator = running.runtime.emulator;
    assert.ok(emulator);
    const space = await spaceRequesterLacks(running, []);
    const path = `/wiki/rest/api/space/${space.key}/permission`;
    emulator.context.faults.add({
      kind: 'status',
      status: 403,
      pathPrefix: path,
      method: 'POST',
      count: 1000,
    });
    const requester = await signedIn('requester');
    const grant = await grantAndApprove(requester, space.id, ['view']);
    const failed = await settled(requester, grant.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.state, /An administrator sees it among the failures/);
    assert.equal(heldInEmulator(space.key).length, 0);

    const admin = await signedIn('admin');
    const failures = (await (await admin.request('/api/v1/failures')).json()) as { items: RequestBody[] };
    const listed = failures.items.find((r) => r.id === grant.id);
    assert.ok(listed, 'listed among the failures');
    assert.ok((listed.attempts ?? 0) >= 1);
    const metrics = await admin.request('/metrics');
    assert.match(await metrics.text(), /spacegate_failed_fulfillments\{status="failed"\} [1-9]/);

    const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
    const accountId = emulator.state.accountByEmailAddress(email)?.accountId ?? '';
    const accountPage = await admin.page(`/admin/accounts/${accountId}`);
    const items = accountPage.text.split('id="action-items"')[1] ?? '';
    assert.match(items, new RegExp(`${grant.id}[\\s\\S]*forbidden`), 'the account shows it with the reason');

    emulator.context.faults.clear();
    const since = emulator.state.writeLog.length;
    const page = await admin.page('/admin/failures');
    assert.match(page.text, new RegExp(grant.id));
    const retried = await admin.form(`/admin/failures/${grant.id}/retry`, { _csrf: page.csrf ?? '' });
    assert.equal(retried.status, 303);
    const twice = await admin.form(`/admin/failures/${grant.id}/retry`, { _csrf: page.csrf ?? '' });
    assert.equal(twice.status, 409, 'a second retry of a request no longer failed is refused');
    const done = await settled(requester, grant.id, ['fulfilled', 'failed']);
    assert.equal(done.status, 'fulfilled', done.state);
    const adds = emulator.state.writeLog.slice(since).filter((w) => w.request.startsWith(`POST ${path}`));
    assert.equal(adds.length, 1, 'the permission was written once');
    assert.deepEqual(heldInEmulator(space.key), ['read/space']);
  });
});
