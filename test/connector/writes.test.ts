import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { accountWithoutConfluence, confluenceAccountIds, startFixture } from './fixture.ts';

/** Options a user holds directly in a space, per the emulator (`key/target` pairs). */
function heldDirectly(emulator: RunningEmulator, spaceKey: string, accountId: string): string[] {
  const space = emulator.state.spaceByKeyName(spaceKey);
  return (space?.permissions ?? [])
    .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
    .map((p) => `${p.key}/${p.target}`)
    .sort();
}

/** An active person with user-level Confluence and a global space where they hold nothing directly. */
function subject(emulator: RunningEmulator): { accountId: string; spaceKey: string } {
  const { state } = emulator;
  const ids = [...confluenceAccountIds(emulator)].filter((id) => {
    const account = state.accounts.get(id);
    return account?.accountStatus === 'active' && !account.guest;
  });
  const space = [...state.spaces.values()].find((s) => s.type === 'global' && s.status === 'current');
  assert.ok(space && ids.length > 2);
  const accountId = ids.find((id) => heldDirectly(emulator, space.key, id).length === 0);
  assert.ok(accountId);
  return { accountId, spaceKey: space.key };
}

describe('Cloud connector: changes', async () => {
  const fixture = await startFixture({ size: 'small', seed: 7 });
  const { emulator, connector } = fixture;

  test('guardrail: an account without Confluence is refused on every write path and nothing is written', async () => {
    const outsider = accountWithoutConfluence(emulator);
    const since = await fixture.lastWrite();
    const space = [...emulator.state.spaces.values()].find((s) => s.type === 'global');
    const carrying = [...emulator.state.groups.values()].find((g) =>
      g.productGrants.some((grant) => grant.product === 'confluence' && grant.role === 'user'),
    );
    assert.ok(space && carrying);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      [
        'grant group',
        () => connector.updateAccount(outsider, [{ op: 'Add', attribute: 'groups', value: carrying.id }]),
      ],
      [
        'grant space',
        () =>
          connector.updateAccount(outsider, [
            { op: 'Add', attribute: 'spacePermissions', value: `${space.key}:view` },
          ]),
      ],
      [
        'set profile',
        () => connector.updateAccount(outsider, [{ op: 'Set', attribute: 'department', value: 'X' }]),
      ],
      [
        'set groups',
        () => connector.updateAccount(outsider, [{ op: 'Set', attribute: 'groups', value: [] }]),
      ],
      ['disable', () => connector.disableAccount(outsider)],
      ['enable', () => connector.enableAccount(outsider)],
      ['delete', () => connector.deleteAccount(outsider)],
    ];
    for (const [name, attempt] of attempts) {
      await assert.rejects(attempt(), { code: 'guardrail' }, name);
    }
    assert.deepEqual(await fixture.writes(since), []);
  });

  test('space permissions: View is granted first, granting again writes nothing, revoking View revokes all', async () => {
    const { accountId, spaceKey } = subject(emulator);
    const since = await fixture.lastWrite();
    const granted = await connector.updateAccount(accountId, [
      {
        op: 'Add',
        attribute: 'spacePermissions',
        value: [`${spaceKey}:add_page`, `${spaceKey}:export_space`],
      },
    ]);
    assert.equal(granted.changed, true);
    assert.deepEqual(heldDirectly(emulator, spaceKey, accountId), [
      'create/page',
      'export/space',
      'read/space',
    ]);
    const writes = await fixture.writes(since, accountId);
    assert.equal(writes.length, 3);
    assert.match(JSON.stringify(writes[0]?.detail), /read/);
    for (const value of [`${spaceKey}:view`, `${spaceKey}:add_page`, `${spaceKey}:export_space`]) {
      assert.ok(granted.account.attributes.spacePermissions.includes(value), value);
    }

    const mark = await fixture.lastWrite();
    const again = await connector.updateAccount(accountId, [
      { op: 'Add', attribute: 'spacePermissions', value: `${spaceKey}:add_page` },
    ]);
    assert.equal(again.changed, false);
    assert.deepEqual(await fixture.writes(mark), []);

    const groupRows = (emulator.state.spaceByKeyName(spaceKey)?.permissions ?? []).filter(
      (p) => p.principal.type === 'group',
    ).length;
    const revoked = await connector.updateAccount(accountId, [
      { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:view` },
    ]);
    assert.equal(revoked.changed, true);
    assert.deepEqual(heldDirectly(emulator, spaceKey, accountId), []);
    const cascade = await fixture.writes(mark, accountId);
    assert.equal(
      new Set(cascade.map((entry) => entry.request)).size,
      1,
      'one DELETE: revoking View cascades',
    );
    assert.match(cascade[0]?.request ?? '', /^DELETE /);
    assert.equal(
      (emulator.state.spaceByKeyName(spaceKey)?.permissions ?? []).filter((p) => p.principal.type === 'group')
        .length,
      groupRows,
      'group-held permissions are untouched',
    );

    const mark2 = await fixture.lastWrite();
    const none = await connector.updateAccount(accountId, [
      { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:admin` },
    ]);
    assert.equal(none.changed, false);
    assert.deepEqual(await fixture.writes(mark2), []);
  });

  test('Delete Mail cannot be managed: unsupported, nothing written', async () => {
    const { accountId, spaceKey } = subject(emulator);
    const since = await fixture.lastWrite();
    await assert.rejects(
      connector.updateAccount(accountId, [
        { op: 'Add', attribute: 'spacePermissions', value: `${spaceKey}:delete_mail` },
      ]),
      { code: 'unsupported' },
    );
    assert.deepEqual(await fixture.writes(since), []);
  });

  test('group membership: grant and revoke once each; repeats and non-Confluence groups write nothing', async () => {
    const { accountId } = subject(emulator);
    const { state } = emulator;
    const target = [...state.groups.values()].find(
      (g) =>
        g.productGrants.some((grant) => grant.product === 'confluence' && grant.role === 'admin') &&
        !g.members.has(accountId),
    );
    const jiraOnly = [...state.groups.values()].find(
      (g) => !g.productGrants.some((grant) => grant.product === 'confluence'),
    );
    assert.ok(target && jiraOnly);
    const since = await fixture.lastWrite();
    assert.equal(
      (await connector.updateAccount(accountId, [{ op: 'Add', attribute: 'groups', value: target.id }]))
        .changed,
      true,
    );
    assert.ok(target.members.has(accountId));
    assert.equal(
      (await connector.updateAccount(accountId, [{ op: 'Add', attribute: 'groups', value: target.id }]))
        .changed,
      false,
    );
    await assert.rejects(
      connector.updateAccount(accountId, [{ op: 'Add', attribute: 'groups', value: jiraOnly.id }]),
      {
        code: 'invalid_input',
      },
    );
    assert.equal(
      (await connector.updateAccount(accountId, [{ op: 'Remove', attribute: 'groups', value: target.id }]))
        .changed,
      true,
    );
    assert.ok(!target.members.has(accountId));
    assert.equal(
      (await connector.updateAccount(accountId, [{ op: 'Remove', attribute: 'groups', value: target.id }]))
        .changed,
      false,
    );
    assert.equal((await fixture.writes(since, accountId)).length, 2);
  });

  test('profile attributes: Set writes once, the same Set again writes nothing', async () => {
    const { accountId } = subject(emulator);
    const since = await fixture.lastWrite();
    const first = await connector.updateAccount(accountId, [
      { op: 'Set', attribute: 'department', value: 'Governance' },
      { op: 'Set', attribute: 'jobTitle', value: 'Steward' },
    ]);
    assert.equal(first.changed, true);
    assert.equal(emulator.state.accounts.get(accountId)?.department, 'Governance');
    assert.equal(first.account.attributes.jobTitle, 'Steward');
    const second = await connector.updateAccount(accountId, [
      { op: 'Set', attribute: 'department', value: 'Governance' },
    ]);
    assert.equal(second.changed, false);
    assert.equal((await fixture.writes(since, accountId)).length, 1);
  });

  test('disable and enable change the status once; repeating either writes nothing', async () => {
    const { accountId } = subject(emulator);
    const since = await fixture.lastWrite();
    assert.equal((await connector.disableAccount(accountId)).disabled, true);
    assert.equal(emulator.state.accounts.get(accountId)?.accountStatus, 'inactive');
    assert.equal((await connector.disableAccount(accountId)).attributes.status, 'inactive');
    assert.equal((await fixture.writes(since, accountId)).length, 1);
    assert.equal((await connector.enableAccount(accountId)).disabled, false);
    assert.equal((await connector.enableAccount(accountId)).attributes.status, 'active');
    assert.equal(emulator.state.accounts.get(accountId)?.accountStatus, 'active');
    assert.equal((await fixture.writes(since, accountId)).length, 2);
  });
});
