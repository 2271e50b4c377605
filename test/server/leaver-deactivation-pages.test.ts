import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Identity, StoredAccount } from '../../src/core/index.ts';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { waitFor } from '../store/fresh-store.ts';
import { startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

const ORIGIN = { api: 'control' as const, request: 'test setup' };

let running: RunningSpacegate;

/** A demo person with an account who signs in as nobody, is no guest and is no space's only admin. */
async function plainPerson(): Promise<{ identity: Identity; account: StoredAccount }> {
  const emulator = running.runtime.emulator;
  assert.ok(emulator);
  const soleAdmins = new Set<string>();
  for (const space of emulator.state.spaces.values()) {
    const admins = space.permissions.filter((p) => p.key === 'administer');
    if (admins.length === 1 && admins[0]?.principal.type === 'user') soleAdmins.add(admins[0].principal.id);
  }
  const signIns = new Set(running.demoAccounts.map((a) => (a.identity ?? '').toLowerCase()));
  const found = await running.runtime.store.transaction(async (tx) => {
    for (const identity of await tx.identities.list()) {
      const account = await tx.accounts.getByIdentity(identity.id);
      if (account === undefined || account.disabled || account.attributes.guest !== false) continue;
      if (identity.status !== 'active' || signIns.has(identity.email.toLowerCase())) continue;
      if (!soleAdmins.has(account.key)) return { identity, account };
    }
    return undefined;
  });
  assert.ok(found, 'the demo has such a person');
  return found;
}

describe('a refused deactivation of a leaver, as administrators see it', () => {
  before(async () => {
    running = await startDemoServer();
  });
  after(async () => running.close());

  test('the account page and the failures list it with the reason; the API names it a deactivation', async () => {
    const emulator = running.runtime.emulator;
    assert.ok(emulator);
    const { identity, account } = await plainPerson();
    // Outside the SCIM directory and the organization's verified domains: Atlassian refuses to deactivate it.
    emulator.state.updateAccount(account.key, { managed: false, scim: null }, ORIGIN);
    const { id, email, firstName, lastName } = identity;
    const csv = `employeeId,email,firstName,lastName,status\n${id},${email},${firstName},${lastName},leaver\n`;
    const imported = await fetch(`${running.url}/api/v1/identities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'leavers.csv', content: csv }),
    });
    assert.equal(imported.status, 200, await imported.clone().text());
    const report = (await imported.json()) as { leavers: number; deactivations: number };
    assert.deepEqual([report.leavers, report.deactivations], [1, 1], 'the demo policy deactivates leavers');

    const open = () =>
      running.runtime.store.transaction((tx) => tx.requests.list({ beneficiaryId: id, status: ['pending'] }));
    await waitFor(open, (pending) => pending.length === 0, 60_000);
    assert.equal(emulator.state.accounts.get(account.key)?.accountStatus, 'active');

    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const failures = (await (await admin.request(`/api/v1/failures?limit=50`)).json()) as {
      items: Array<{ id: string; kind: string; item: { type: string; name: string }; failureReason: string }>;
    };
    const refused = failures.items.find((r) => r.kind === 'deactivate');
    assert.ok(refused, 'listed among the failures');
    assert.deepEqual(refused.item, {
      id: `account:${account.key}`,
      name: 'Confluence account',
      type: 'account',
      risk: 'high',
    });
    assert.match(refused.failureReason, /^forbidden: /);

    const accountPage = await admin.page(`/admin/accounts/${account.key}`);
    const items = accountPage.text.split('id="action-items"')[1] ?? '';
    assert.match(
      items,
      new RegExp(`${refused.id}[\\s\\S]*Deactivate Confluence account[\\s\\S]*forbidden`),
      'an action item on the account page, with the reason',
    );
    const page = await admin.page('/admin/failures');
    assert.match(page.text, new RegExp(`${refused.id}[\\s\\S]*Deactivate Confluence account`));
    const detail = await admin.page(`/requests/${refused.id}`);
    assert.equal(detail.response.status, 200);
    assert.match(
      detail.text,
      /<dd>Deactivate Confluence account \(account, <span class="risk-high">high<\/span> risk\)<\/dd>/,
    );
    assert.match(
      detail.text,
      /leaver per leavers\.csv; attribute policy \S+ rule &quot;deactivate-leavers&quot;/,
    );
  });

  test('rehired: the refused deactivation is withdrawn from the failures and the account page, audited', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const failures = (await (await admin.request(`/api/v1/failures?limit=50`)).json()) as {
      items: Array<{ id: string; kind: string; beneficiary: { id: string } }>;
    };
    const refused = failures.items.find((r) => r.kind === 'deactivate');
    assert.ok(refused);
    const person = await running.runtime.store.transaction((tx) => tx.identities.get(refused.beneficiary.id));
    assert.ok(person);
    const { id, email, firstName, lastName } = person;
    const csv = `employeeId,email,firstName,lastName,status\n${id},${email},${firstName},${lastName},active\n`;
    const imported = await fetch(`${running.url}/api/v1/identities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'back.csv', content: csv }),
    });
    assert.equal(imported.status, 200, await imported.clone().text());
    const report = (await imported.json()) as Record<string, number>;
    assert.deepEqual(
      [report.rehires, report.reactivations, report.cancelledDeactivations],
      [1, 0, 1],
      'never deactivated: nothing to reactivate, the refusal withdrawn',
    );
    const after = (await (await admin.request(`/api/v1/failures?limit=50`)).json()) as {
      items: Array<{ id: string }>;
    };
    assert.equal(
      after.items.some((r) => r.id === refused.id),
      false,
      'no longer among the failures',
    );
    const account = await running.runtime.store.transaction((tx) => tx.accounts.getByIdentity(id));
    const accountPage = await admin.page(`/admin/accounts/${account?.key}`);
    const items = accountPage.text.split('id="action-items"')[1] ?? '';
    assert.doesNotMatch(items, new RegExp(refused.id), 'no longer an action item');
    const detail = await admin.page(`/requests/${refused.id}`);
    assert.match(detail.text, /Cancelled\./);
    assert.match(detail.text, /rehired in back\.csv/);
  });
});
