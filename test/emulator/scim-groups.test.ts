import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orgPath } from '../helpers/admin-bodies.ts';
import { adminClient, type Json, scimClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';
import { accountIdOf, memberValues, patch, resources } from '../helpers/scim-messages.ts';

const emulator = useEmulator({ size: 'small', seed: 13 });
const scim = scimClient(emulator);
const admin = adminClient(emulator);

let counter = 0;
/** A new directory user, created through SCIM; returns its SCIM id and accountId. */
async function newUser(): Promise<{ id: string; accountId: string }> {
  counter += 1;
  const email = `group.member${counter}@${emulator.state.site.domain}`;
  const created = await scim('POST', '/Users', {
    userName: email,
    emails: [{ value: email, primary: true }],
  });
  assert.equal(created.status, 201);
  return {
    id: String(created.body.id),
    accountId: accountIdOf(created.body),
  };
}
const groupName = () => `scim-group-${++counter}`;

describe('listing groups', () => {
  test('only groups synced from the IdP are listed, paged 1-based', async () => {
    const expected = [...emulator.state.groups.values()]
      .filter((g) => g.scimId !== null)
      .map((g) => g.scimId);
    const seen: unknown[] = [];
    for (let start = 1; start <= expected.length; start += 3) {
      const page = await scim('GET', `/Groups?startIndex=${start}&count=3`);
      assert.equal(page.body.totalResults, expected.length);
      seen.push(...resources(page).map((group) => group.id));
    }
    assert.deepEqual(seen, expected);
    const names = new Set(resources(await scim('GET', '/Groups')).map((g) => g.displayName));
    assert.equal(names.has(emulator.state.defaultGroupName('user')), false, 'product groups are not synced');
  });

  test('displayName eq finds a group (case-insensitively); other filters are 400 invalidFilter', async () => {
    const synced = [...emulator.state.groups.values()].find((g) => g.scimId !== null);
    assert.ok(synced);
    const found = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`displayName eq "${synced.name.toUpperCase()}"`)}`,
    );
    assert.deepEqual(
      resources(found).map((g) => g.id),
      [synced.scimId],
    );
    const product = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`displayName eq "${emulator.state.defaultGroupName('user')}"`)}`,
    );
    assert.equal(product.body.totalResults, 0);
    for (const filter of [
      'displayName co "dept"',
      'externalId eq "x"',
      'displayName eq "a" or displayName eq "b"',
    ]) {
      const answer = await scim('GET', `/Groups?filter=${encodeURIComponent(filter)}`);
      assert.equal(answer.status, 400, filter);
      assert.equal(answer.body.scimType, 'invalidFilter');
    }
  });

  test('a group shows its directory members as type User with $ref, and meta.resourceType Group', async () => {
    const synced = [...emulator.state.groups.values()].find((g) => g.scimId !== null && g.members.size > 0);
    assert.ok(synced?.scimId);
    const { body } = await scim('GET', `/Groups/${synced.scimId}`);
    assert.equal(body.displayName, synced.name);
    assert.equal((body.meta as Json).resourceType, 'Group');
    const first = (body.members as Json[])[0];
    assert.equal(first?.type, 'User');
    assert.equal(
      first?.$ref,
      `${emulator.url}/scim/directory/${emulator.state.site.directoryId}/Users/${first?.value}`,
    );
    const both = await scim(
      'GET',
      `/Groups/${synced.scimId}?attributes=displayName&excludedAttributes=members`,
    );
    assert.equal(both.status, 400);
    assert.equal(both.body.scimType, 'invalidValue');
    const without = await scim('GET', `/Groups/${synced.scimId}?excludedAttributes=members`);
    assert.equal(without.body.members, undefined);
    assert.equal(without.body.displayName, synced.name);
    const listed = await scim('GET', '/Groups?excludedAttributes=members');
    assert.ok(
      resources(listed).every((group) => group.members === undefined && group.displayName !== undefined),
    );
    const named = await scim('GET', '/Groups?attributes=displayName');
    assert.deepEqual(Object.keys(resources(named)[0] ?? {}).sort(), ['displayName', 'id', 'schemas']);
  });
});

describe('writing groups', () => {
  test('POST creates a synced group with members; GET returns the same', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const name = groupName();
    const created = await scim('POST', '/Groups', {
      displayName: name,
      externalId: 'idp-1',
      members: [{ value: a.id }, { value: b.id }],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(memberValues(created), [a.id, b.id].sort());
    const group = emulator.state.groupByGroupName(name);
    assert.ok(group);
    assert.deepEqual([...group.members].sort(), [a.accountId, b.accountId].sort());
    assert.deepEqual(group.productGrants, []);
    assert.deepEqual((await scim('GET', `/Groups/${created.body.id}`)).body, created.body);
  });

  test('POST with the name of any organization group is a 409; unknown members or no name are a 400', async () => {
    const created = await admin('POST', orgPath(emulator, '/directory/groups'), { name: 'Org Only Group' });
    assert.equal(created.status, 200);
    const orgOnly = await scim('POST', '/Groups', { displayName: 'ORG ONLY GROUP' });
    assert.equal(orgOnly.status, 409);
    assert.equal(orgOnly.body.scimType, 'uniqueness');
    const name = groupName();
    assert.equal((await scim('POST', '/Groups', { displayName: name })).status, 201);
    assert.equal((await scim('POST', '/Groups', { displayName: name })).status, 409);
    const ghost = await scim('POST', '/Groups', {
      displayName: groupName(),
      members: [{ value: 'no-such-user' }],
    });
    assert.equal(ghost.status, 400);
    assert.equal((await scim('POST', '/Groups', { members: [] })).status, 400);
  });

  test('a default access group name answers 201 but the group stays in the directory, never in the organization', async () => {
    const user = await newUser();
    const name = emulator.state.defaultGroupName('user');
    const product = emulator.state.groupByGroupName(name);
    assert.ok(product);
    const membersBefore = [...product.members];
    const seq = emulator.state.writeLog.length;
    const created = await scim('POST', '/Groups', { displayName: name, members: [{ value: user.id }] });
    assert.equal(created.status, 201);
    assert.notEqual(created.body.id, product.scimId);
    assert.equal(emulator.state.groupByGroupName(name), product, 'the organization group is untouched');
    assert.deepEqual([...product.members], membersBefore);
    assert.equal(emulator.state.hasProduct(user.accountId, 'confluence'), false);
    const id = String(created.body.id);
    const other = await newUser();
    const patched = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'add', path: 'members', value: [{ value: other.id }] }),
    );
    assert.deepEqual(memberValues(patched), [user.id, other.id].sort());
    assert.equal(emulator.state.hasProduct(other.accountId, 'confluence'), false);
    const shown = await scim('GET', `/Users/${other.id}`);
    assert.deepEqual(
      (shown.body.groups as Json[]).map((group) => group.value),
      [id],
    );
    assert.deepEqual(
      emulator.state.writeLog.slice(seq).filter((entry) => entry.operation.startsWith('group.')),
      [],
      'nothing reached the organization',
    );
    const found = await scim('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`);
    assert.deepEqual(
      resources(found).map((group) => group.id),
      [id],
    );
    assert.equal((await scim('POST', '/Groups', { displayName: name })).status, 409);
    assert.equal((await scim('POST', '/Groups', { displayName: 'site-admins' })).status, 201);
    assert.equal((await scim('DELETE', `/Groups/${id}`)).status, 204);
    assert.equal((await scim('GET', `/Groups/${id}`)).status, 404);
    assert.equal(emulator.state.groupByGroupName(name), product);
  });

  test('a PATCH that adds a member logs exactly that account; removing by filter logs it again', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const created = await scim('POST', '/Groups', { displayName: groupName(), members: [{ value: a.id }] });
    const seq = emulator.state.writeLog.length;
    const added = await scim(
      'PATCH',
      `/Groups/${created.body.id}`,
      patch({ op: 'add', path: 'members', value: [{ value: b.id, display: 'b' }] }),
    );
    assert.equal(added.status, 200);
    assert.deepEqual(memberValues(added), [a.id, b.id].sort());
    const log = emulator.state.writeLog.slice(seq);
    assert.deepEqual(
      log.map((e) => [e.api, e.operation, e.accountIds]),
      [['scim', 'group.member.add', [b.accountId]]],
    );
    const removed = await scim(
      'PATCH',
      `/Groups/${created.body.id}`,
      patch({ op: 'remove', path: `members[value eq "${a.id}"]` }),
    );
    assert.deepEqual(memberValues(removed), [b.id]);
    assert.deepEqual(emulator.state.writeLog.at(-1)?.accountIds, [a.accountId]);
    assert.equal(emulator.state.writeLog.at(-1)?.operation, 'group.member.remove');
  });

  test('membership of a synced group that carries Confluence gives and takes Confluence access', async () => {
    const user = await newUser();
    const name = groupName();
    const created = await scim('POST', '/Groups', { displayName: name });
    const group = emulator.state.groupByGroupName(name);
    assert.ok(group);
    emulator.state.updateGroup(group.id, { productGrants: [{ product: 'confluence', role: 'user' }] }, null);
    assert.equal(emulator.state.hasProduct(user.accountId, 'confluence'), false);
    await scim(
      'PATCH',
      `/Groups/${created.body.id}`,
      patch({ op: 'add', path: 'members', value: [{ value: user.id }] }),
    );
    assert.equal(emulator.state.hasProduct(user.accountId, 'confluence'), true);
    await scim(
      'PATCH',
      `/Groups/${created.body.id}`,
      patch({ op: 'remove', path: `members[value eq "${user.id}"]` }),
    );
    assert.equal(emulator.state.hasProduct(user.accountId, 'confluence'), false);
  });

  test('PATCH remove with a value list and replace of all members (Entra ID and Okta styles)', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const created = await scim('POST', '/Groups', {
      displayName: groupName(),
      members: [{ value: a.id }, { value: b.id }],
    });
    const id = String(created.body.id);
    const removed = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'Remove', path: 'members', value: [{ value: a.id }] }),
    );
    assert.deepEqual(memberValues(removed), [b.id]);
    const replaced = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', path: 'members', value: [{ value: c.id }] }),
    );
    assert.deepEqual(memberValues(replaced), [c.id]);
    const emptied = await scim('PATCH', `/Groups/${id}`, patch({ op: 'remove', path: 'members' }));
    assert.deepEqual(memberValues(emptied), []);
  });

  test('PATCH errors: unknown member 404, rename 400 mutability, unknown path 400 invalidPath', async () => {
    const created = await scim('POST', '/Groups', { displayName: groupName() });
    const id = String(created.body.id);
    const ghost = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'add', path: 'members', value: [{ value: 'nobody' }] }),
    );
    assert.equal(ghost.status, 404);
    const rename = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', path: 'displayName', value: 'renamed' }),
    );
    assert.equal(rename.status, 400);
    assert.equal(rename.body.scimType, 'mutability');
    const unknown = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', path: 'description', value: 'x' }),
    );
    assert.equal(unknown.body.scimType, 'invalidPath');
    const readOnly = await scim('PATCH', `/Groups/${id}`, patch({ op: 'replace', path: 'id', value: 'x' }));
    assert.equal(readOnly.body.scimType, 'mutability');
    assert.equal(
      (await scim('PATCH', '/Groups/no-such-group', patch({ op: 'remove', path: 'members' }))).status,
      404,
    );
  });

  test('PUT replaces the member list and the externalId; renaming is refused', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const name = groupName();
    const created = await scim('POST', '/Groups', { displayName: name, members: [{ value: a.id }] });
    const put = await scim('PUT', `/Groups/${created.body.id}`, {
      displayName: name,
      externalId: 'idp-9',
      members: [{ value: b.id }],
    });
    assert.equal(put.status, 200);
    assert.deepEqual(memberValues(put), [b.id]);
    assert.equal(put.body.externalId, 'idp-9');
    const rename = await scim('PUT', `/Groups/${created.body.id}`, { displayName: `${name}-renamed` });
    assert.equal(rename.status, 400);
    assert.equal(rename.body.scimType, 'mutability');
  });

  test('DELETE removes the group (204), then 404; members keep their accounts', async () => {
    const a = await newUser();
    const name = groupName();
    const created = await scim('POST', '/Groups', { displayName: name, members: [{ value: a.id }] });
    assert.equal((await scim('DELETE', `/Groups/${created.body.id}`)).status, 204);
    assert.equal(emulator.state.groupByGroupName(name), undefined);
    assert.equal(emulator.state.writeLog.at(-1)?.operation, 'group.delete');
    assert.deepEqual(emulator.state.writeLog.at(-1)?.accountIds, [a.accountId]);
    assert.equal((await scim('DELETE', `/Groups/${created.body.id}`)).status, 404);
    assert.equal((await scim('GET', `/Groups/${created.body.id}`)).status, 404);
    assert.equal(emulator.state.requireAccount(a.accountId).accountStatus, 'active');
  });
});
