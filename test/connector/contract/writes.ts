import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collect } from '../fixture.ts';
import type { FlavourFixture } from './flavour.ts';

/** Contract: the guardrail (no write to an account without Confluence) and idempotent writes, checked on the site. */
export function writesAreGuardedAndIdempotent(flavour: FlavourFixture): void {
  describe(`${flavour.name} connector contract: guardrail and idempotency`, async () => {
    const site = await flavour.start({ seed: 7 });
    const { connector, truth } = site;

    test('guardrail: an account without Confluence is refused on every write path and nothing is written', async () => {
      const outsider = truth.accountWithoutConfluence();
      const { spaceKey } = truth.writableSubject();
      const [carrying] = truth.carryingGroups().keys();
      assert.ok(carrying);
      const since = await site.lastWrite();
      const attempts: Array<[string, () => Promise<unknown>]> = [
        [
          'grant group',
          () => connector.updateAccount(outsider, [{ op: 'Add', attribute: 'groups', value: carrying }]),
        ],
        [
          'grant space',
          () =>
            connector.updateAccount(outsider, [
              { op: 'Add', attribute: 'spacePermissions', value: `${spaceKey}:view` },
            ]),
        ],
        [
          'set profile',
          () =>
            connector.updateAccount(outsider, [
              { op: 'Set', attribute: flavour.profile[0]?.attribute ?? 'department', value: 'X' },
            ]),
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
      assert.deepEqual(await site.writes(since), []);
    });

    test('options this flavour cannot manage are refused unsupported, nothing written', async () => {
      const { accountKey, spaceKey } = truth.writableSubject();
      for (const option of flavour.unmanageable) {
        const since = await site.lastWrite();
        await assert.rejects(
          connector.updateAccount(accountKey, [
            { op: 'Add', attribute: 'spacePermissions', value: `${spaceKey}:${option}` },
          ]),
          { code: 'unsupported' },
          option,
        );
        assert.deepEqual(await site.writes(since), []);
      }
    });

    test('space permissions: View comes with any grant, granting again writes nothing, revoking View revokes all', async () => {
      const { accountKey, spaceKey } = truth.writableSubject();
      const values = [`${spaceKey}:add_page`, `${spaceKey}:export_space`];
      const granted = await connector.updateAccount(accountKey, [
        { op: 'Add', attribute: 'spacePermissions', value: values },
      ]);
      assert.equal(granted.changed, true);
      assert.deepEqual(truth.heldDirectly(spaceKey, accountKey), ['view', 'add_page', 'export_space']);
      for (const value of [`${spaceKey}:view`, ...values]) {
        assert.ok(granted.account.attributes.spacePermissions.includes(value), value);
      }
      const mark = await site.lastWrite();
      const again = await connector.updateAccount(accountKey, [
        { op: 'Add', attribute: 'spacePermissions', value: values[0] },
      ]);
      assert.equal(again.changed, false);
      assert.deepEqual(await site.writes(mark), []);
      const revoked = await connector.updateAccount(accountKey, [
        { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:view` },
      ]);
      assert.equal(revoked.changed, true);
      assert.deepEqual(truth.heldDirectly(spaceKey, accountKey), []);
      const mark2 = await site.lastWrite();
      const none = await connector.updateAccount(accountKey, [
        { op: 'Remove', attribute: 'spacePermissions', value: `${spaceKey}:admin` },
      ]);
      assert.equal(none.changed, false);
      assert.deepEqual(await site.writes(mark2), []);
    });

    test('group membership: grant and revoke once each; repeats and non-Confluence groups write nothing', async () => {
      const { accountKey } = truth.writableSubject();
      const target = [...truth.carryingGroups().keys()].find((id) => !truth.isMember(id, accountKey));
      assert.ok(target);
      const change = (op: 'Add' | 'Remove', value: string) =>
        connector.updateAccount(accountKey, [{ op, attribute: 'groups', value }]);
      const since = await site.lastWrite();
      assert.equal((await change('Add', target)).changed, true);
      assert.ok(truth.isMember(target, accountKey));
      assert.equal((await change('Add', target)).changed, false);
      await assert.rejects(change('Add', truth.groupWithoutConfluence()), { code: 'invalid_input' });
      assert.equal((await change('Remove', target)).changed, true);
      assert.ok(!truth.isMember(target, accountKey));
      assert.equal((await change('Remove', target)).changed, false);
      assert.equal((await site.writes(since, accountKey)).length, 2);
    });

    test('profile attributes: Set writes once, the same Set again writes nothing', async () => {
      const { accountKey } = truth.writableSubject();
      const [first] = flavour.profile;
      assert.ok(first, 'the flavour writes at least one profile attribute');
      const since = await site.lastWrite();
      const sets = flavour.profile.map(({ attribute, value }) => ({ op: 'Set' as const, attribute, value }));
      const written = await connector.updateAccount(accountKey, sets);
      assert.equal(written.changed, true);
      if (first.attribute !== 'jobTitle')
        assert.equal(truth.account(accountKey)?.[first.attribute], first.value);
      for (const { attribute, value } of flavour.profile)
        assert.equal(written.account.attributes[attribute], value);
      const second = await connector.updateAccount(accountKey, [
        { op: 'Set', attribute: first.attribute, value: first.value },
      ]);
      assert.equal(second.changed, false);
      assert.equal((await site.writes(since, accountKey)).length, 1);
    });

    test('disable and enable change the status once; repeating either writes nothing', async () => {
      const { accountKey } = truth.writableSubject();
      const since = await site.lastWrite();
      assert.equal((await connector.disableAccount(accountKey)).disabled, true);
      assert.equal(truth.account(accountKey)?.status, 'inactive');
      assert.equal((await connector.disableAccount(accountKey)).attributes.status, 'inactive');
      assert.equal((await site.writes(since, accountKey)).length, 1);
      assert.equal((await connector.enableAccount(accountKey)).disabled, false);
      assert.equal((await connector.enableAccount(accountKey)).attributes.status, 'active');
      assert.equal(truth.account(accountKey)?.status, 'active');
      assert.equal((await site.writes(since, accountKey)).length, 2);
    });

    test('a delta after a change returns only the changed account', async () => {
      const before = await collect(connector.listAccounts());
      const { accountKey } = truth.writableSubject();
      const last = flavour.profile.at(-1)?.attribute ?? 'jobTitle';
      await connector.updateAccount(accountKey, [{ op: 'Set', attribute: last, value: 'Delta Tester' }]);
      const delta = await collect(connector.listAccounts({ state: before.state.state }));
      assert.deepEqual(
        delta.items.map((item) => item.key),
        [accountKey],
      );
      assert.equal(delta.items[0]?.attributes[last], 'Delta Tester');
      assert.deepEqual(delta.removed, []);
    });

    // Last: the subject leaves Confluence, so later tests would pick another.
    test('removing every carrying group answers with the account as it now is (no group), not not_found', async () => {
      const { accountKey } = truth.writableSubject();
      assert.ok((truth.account(accountKey)?.groups.length ?? 0) > 0, 'the subject holds a carrying group');
      const since = await site.lastWrite();
      const result = await connector.updateAccount(accountKey, [
        { op: 'Set', attribute: 'groups', value: [] },
      ]);
      assert.equal(result.changed, true);
      assert.deepEqual(result.account.attributes.groups, []);
      assert.deepEqual(truth.account(accountKey)?.groups ?? [], []);
      assert.ok((await site.writes(since, accountKey)).length > 0);
    });
  });
}
