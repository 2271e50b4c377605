import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FAILED_STATUSES, type StoredAccount } from '../../src/core/index.ts';
import { STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import { hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

const ORIGIN = { api: 'control' as const, request: 'test setup' };

/** Direct user permissions the emulator holds for an account in any space, as `KEY:key/target`. */
function directPermissions(loop: Loop, accountId: string): string[] {
  return [...loop.emulator.state.spaces.values()].flatMap((space) =>
    space.permissions
      .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
      .map((p) => `${space.key}:${p.key}/${p.target}`),
  );
}

for (const kind of STORE_KINDS) {
  describe(`a leaver is swept clean: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let idpGroupId: string;
    let outOfBand: string;
    const leaver = (): string => people[3]?.key ?? '';

    before(async () => {
      loop = await startLoop(kind);
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, 5);
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      // A Confluence group the identity provider manages: Confluence answers 403 to removing a member.
      const now = new Date().toISOString();
      idpGroupId = loop.emulator.state.insertGroup(
        {
          id: randomUUID(),
          name: 'idp-confluence-writers',
          description: 'synced from the identity provider',
          productGrants: [{ product: 'confluence', role: 'user' }],
          scimId: randomUUID(),
          externalId: 'idp-confluence-writers',
          members: new Set([leaver()]),
          createdAt: now,
          updatedAt: now,
        },
        ORIGIN,
      ).id;
      await loop.gov.aggregation.aggregate('test');
      // After the aggregation, someone grants View in Confluence directly: Spacegate never granted it nor saw it.
      const space = [...loop.emulator.state.spaces.values()].find(
        (s) =>
          s.type === 'global' &&
          !s.permissions.some((p) => p.principal.type === 'user' && p.principal.id === leaver()),
      );
      assert.ok(space);
      loop.emulator.state.addSpacePermission(
        space.id,
        { type: 'user', id: leaver() },
        'read',
        'space',
        ORIGIN,
      );
      outOfBand = space.key;
      await loop.gov.startWorker();
    });
    after(async () => loop.close());

    test('no direct permission left in any space; the refused group is an action item with its reason', async () => {
      assert.ok(directPermissions(loop, leaver()).includes(`${outOfBand}:read/space`));
      const left = hrFor(people).replace(/^(E3,.*),active,CC3$/m, '$1,leaver,CC3');
      const report = await loop.gov.identities.importHr('hr.csv', left);
      assert.deepEqual(report.leavers, ['E3']);
      const open = () =>
        loop.store.store.transaction((tx) =>
          tx.requests.list({ beneficiaryId: 'E3', status: ['pending', 'awaiting_approval'] }),
        );
      await waitFor(open, (pending) => pending.length === 0, 60_000);
      assert.deepEqual((await open()).length, 0, 'every revocation settled');

      assert.deepEqual(directPermissions(loop, leaver()), [], 'none left in any space');
      const swept = await loop.gov.audit.list({ subject: 'identity:E3', type: 'identity.swept' });
      assert.equal(swept.length, 1, 'swept once');
      assert.ok(((swept[0]?.data.spacesHeld ?? []) as string[]).includes(outOfBand));
      const all = await loop.gov.requests.list({ beneficiaryId: 'E3' });
      const sweptSpace = all.find((r) => r.itemId === `space:${outOfBand}`);
      assert.equal(sweptSpace?.status, 'fulfilled', 'the permission found by the sweep was revoked');
      const removed = await loop.gov.audit.list({
        subject: `request:${sweptSpace?.id}`,
        type: 'fulfillment.fulfilled',
      });
      assert.equal(removed.length, 1, 'its removal is audited');

      const failures = await loop.store.store.transaction((tx) =>
        tx.requests.page({ limit: 50, status: FAILED_STATUSES, beneficiaryId: 'E3' }),
      );
      assert.deepEqual(
        failures.items.map((r) => r.itemId),
        [`group:${idpGroupId}`],
        'only the refused group waits for an administrator',
      );
      assert.match(failures.items[0]?.failureReason ?? '', /forbidden.*external directory/);
      assert.ok(loop.emulator.state.groups.get(idpGroupId)?.members.has(leaver()));
      for (const r of all.filter((x) => x.itemId !== `group:${idpGroupId}`)) {
        assert.equal(r.status, 'fulfilled', `${r.itemId}: ${r.failureReason}`);
      }
    });
  });
}
