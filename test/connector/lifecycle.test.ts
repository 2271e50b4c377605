import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { accountWithoutConfluence, collect, confluenceAccountIds, startFixture } from './fixture.ts';

function directRows(emulator: RunningEmulator, accountId: string): string[] {
  return [...emulator.state.spaces.values()].flatMap((space) =>
    space.permissions
      .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
      .map((p) => `${space.key}:${p.key}/${p.target}`),
  );
}

/** Spaces where this account is the only admin: Confluence refuses to remove the last admin. */
function lastAdminOf(emulator: RunningEmulator, accountId: string): string[] {
  return [...emulator.state.spaces.values()]
    .filter((space) => {
      const admins = space.permissions.filter((p) => p.key === 'administer');
      return (
        admins.length === 1 && admins[0]?.principal.type === 'user' && admins[0].principal.id === accountId
      );
    })
    .map((space) => space.key);
}

describe('Cloud connector: create and delete', async () => {
  const fixture = await startFixture({ size: 'small', seed: 11, config: { deactivateOnDelete: true } });
  const { emulator, connector, config } = fixture;

  test('create makes a new account with Confluence through the product group', async () => {
    const email = 'new.person@acme.example.com';
    const before = emulator.state.accounts.size;
    const created = await connector.createAccount({
      identity: email,
      attributes: { firstName: 'New', lastName: 'Person', department: 'Legal', jobTitle: 'Counsel' },
    });
    assert.equal(emulator.state.accounts.size, before + 1);
    assert.equal(created.identity, email);
    assert.equal(created.attributes.department, 'Legal');
    assert.ok(emulator.state.hasProduct(created.key, 'confluence'));
    const productGroup = emulator.state.groupByGroupName(config.productGroup);
    assert.ok(productGroup?.members.has(created.key));
    // A write may return its account read back for the spaces it touched only (`scope`); the rest matches a full read.
    const { scope: _scope, ...unscoped } = created as typeof created & { scope?: unknown };
    assert.deepEqual(await connector.getAccount(created.key), unscoped);

    const since = await fixture.lastWrite();
    const again = await connector.createAccount({ identity: email.toUpperCase(), attributes: {} });
    assert.equal(again.key, created.key, 'the same email is adopted, not duplicated');
    assert.equal(emulator.state.accounts.size, before + 1);
    assert.deepEqual(await fixture.writes(since), []);
  });

  test('create adopts an existing account without Confluence and gives it access, with entitlements', async () => {
    const outsider = accountWithoutConfluence(emulator);
    const account = emulator.state.accounts.get(outsider);
    assert.ok(account);
    const before = emulator.state.accounts.size;
    const space = [...emulator.state.spaces.values()].find((s) => s.type === 'global');
    assert.ok(space);
    const adopted = await connector.createAccount({
      identity: account.email,
      attributes: { spacePermissions: [`${space.key}:add_comment`] },
    });
    assert.equal(adopted.key, outsider);
    assert.equal(emulator.state.accounts.size, before);
    assert.ok(emulator.state.hasProduct(outsider, 'confluence'));
    assert.deepEqual(
      adopted.attributes.spacePermissions.filter((value) => value.startsWith(`${space.key}:`)),
      [`${space.key}:add_comment`, `${space.key}:view`],
    );
  });

  test('delete leaves the person with no Confluence access anywhere, then deactivates', async () => {
    const { state } = emulator;
    const victim = [...confluenceAccountIds(emulator)]
      .filter((id) => state.accounts.get(id)?.accountStatus === 'active' && !state.accounts.get(id)?.guest)
      .sort((a, b) => directRows(emulator, b).length - directRows(emulator, a).length)[0];
    assert.ok(victim);
    const kept = lastAdminOf(emulator, victim);
    assert.ok(
      directRows(emulator, victim).length > kept.length * 2,
      'the victim holds direct permissions elsewhere',
    );
    const before = await collect(connector.listAccounts());
    await connector.deleteAccount(victim);
    assert.equal(state.hasProduct(victim, 'confluence'), false);
    assert.deepEqual(
      directRows(emulator, victim).sort(),
      kept.flatMap((key) => [`${key}:administer/space`, `${key}:read/space`]).sort(),
      'only View and Admin where the account is the last admin (its personal space) remain',
    );
    assert.equal(state.accounts.get(victim)?.accountStatus, 'inactive');
    await assert.rejects(connector.getAccount(victim), { code: 'not_found' });
    const delta = await collect(connector.listAccounts({ state: before.state.state }));
    assert.deepEqual(delta.removed, [victim], 'the delta reports the account as removed');
    assert.ok(!delta.items.some((item) => item.key === victim));
    const since = await fixture.lastWrite();
    await assert.rejects(connector.deleteAccount(victim), { code: 'guardrail' });
    assert.deepEqual(await fixture.writes(since), []);
  });

  test('create rejects an identity that is not an email', async () => {
    await assert.rejects(connector.createAccount({ identity: 'not-an-email', attributes: {} }), {
      code: 'invalid_input',
    });
  });
});
