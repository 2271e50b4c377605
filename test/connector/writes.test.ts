import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { confluenceAccountIds, startFixture } from './fixture.ts';

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

// The guardrail and idempotency every flavour must keep are in the contract suite
// (contract/writes.ts); this is how Cloud's v1 permission API is driven.
describe('Cloud connector: changes', async () => {
  const fixture = await startFixture({ size: 'small', seed: 7 });
  const { emulator, connector } = fixture;

  test('Cloud writes: View is granted by its own call first; revoking View is one DELETE that cascades, group rows untouched', async () => {
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
    const writes = await fixture.writes(since, accountId);
    assert.equal(writes.length, 3, 'one v1 call per option');
    assert.match(JSON.stringify(writes[0]?.detail), /read/);
    const mark = await fixture.lastWrite();
    const groupRows = (emulator.state.spaceByKeyName(spaceKey)?.permissions ?? []).filter(
      (p) => p.principal.type === 'group',
    ).length;
    await connector.updateAccount(accountId, [
      { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:view` },
    ]);
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
  });

  test('a revocation whose answer is lost after Confluence removed the row: the retried DELETE meets 404 and the revocation is done', async () => {
    const { accountId, spaceKey } = subject(emulator);
    await connector.updateAccount(accountId, [
      { op: 'Add', attribute: 'spacePermissions', value: [`${spaceKey}:view`, `${spaceKey}:add_page`] },
    ]);
    await fixture.control('POST', '/faults', {
      kind: 'reset',
      after: true,
      method: 'DELETE',
      pathPrefix: `/wiki/rest/api/space/${spaceKey}/permission`,
      count: 1,
    });
    try {
      const result = await connector.updateAccount(accountId, [
        { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:add_page` },
      ]);
      assert.deepEqual(heldDirectly(emulator, spaceKey, accountId), ['read/space']);
      assert.ok(
        !result.account.attributes.spacePermissions.includes(`${spaceKey}:add_page`),
        'the read-back agrees',
      );
    } finally {
      await fixture.control('DELETE', '/faults');
    }
  });
});
