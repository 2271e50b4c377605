import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Json, scimClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';
import { accountIdOf, memberValues, patch, resources } from '../helpers/scim-messages.ts';

const emulator = useEmulator({ size: 'small', seed: 16 });
const scim = scimClient(emulator);

const accountOf = (user: Json) => emulator.state.requireAccount(accountIdOf(user));
const filterBy = (attribute: string, value: string) => encodeURIComponent(`${attribute} eq "${value}"`);

/*
 * The request sequences the two most common identity providers send, so the emulator is held to
 * what real clients do: Okta's SCIM 2.0 provisioning (developer.okta.com, "SCIM 2.0 protocol
 * reference") and Microsoft Entra ID's (learn.microsoft.com, "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint", request/response examples).
 */
describe('Okta', () => {
  test('lookup, create, read, replace, deactivate, re-activate a user', async () => {
    const email = `okta.user@${emulator.state.site.domain}`;
    const lookup = await scim('GET', `/Users?filter=${filterBy('userName', email)}&startIndex=1&count=100`);
    assert.equal(lookup.body.totalResults, 0);
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      name: { givenName: 'Okta', familyName: 'User' },
      emails: [{ primary: true, value: email, type: 'work' }],
      displayName: 'Okta User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: 't1meMa$heen',
      active: true,
    };
    const created = await scim('POST', '/Users', body);
    assert.equal(created.status, 201);
    const id = String(created.body.id);
    assert.equal((await scim('GET', `/Users/${id}`)).body.userName, email);
    const replaced = await scim('PUT', `/Users/${id}`, {
      ...body,
      id,
      name: { givenName: 'Okta', familyName: 'Renamed' },
    });
    assert.equal((replaced.body.name as Json).familyName, 'Renamed');
    const off = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }));
    assert.equal(off.body.active, false);
    assert.equal(accountOf(created.body).accountStatus, 'inactive');
    const found = await scim('GET', `/Users?filter=${filterBy('userName', email)}&startIndex=1&count=100`);
    assert.equal(resources(found)[0]?.active, false);
    const on = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: true } }));
    assert.equal(on.body.active, true);
    assert.equal(accountOf(created.body).accountStatus, 'active');
  });

  test('push a group: create with members, add, remove by filter, rename refused', async () => {
    const users = await Promise.all(
      [1, 2].map(async (n) => {
        const email = `okta.member${n}@${emulator.state.site.domain}`;
        const created = await scim('POST', '/Users', {
          userName: email,
          emails: [{ value: email, primary: true }],
        });
        return String(created.body.id);
      }),
    );
    const [first = '', second = ''] = users;
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Okta Engineering',
      members: [{ value: first, display: 'okta.member1' }],
    });
    assert.equal(group.status, 201);
    const id = String(group.body.id);
    const added = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'add', path: 'members', value: [{ value: second, display: 'okta.member2' }] }),
    );
    assert.deepEqual(memberValues(added), [first, second].sort());
    const removed = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'remove', path: `members[value eq "${first}"]` }),
    );
    assert.deepEqual(memberValues(removed), [second]);
    const rename = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', value: { id, displayName: 'Okta Eng' } }),
    );
    assert.equal(rename.status, 400);
    assert.equal(rename.body.scimType, 'mutability');
    const same = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', value: { id, displayName: 'Okta Engineering' } }),
    );
    assert.equal(same.status, 200, 'the id Okta echoes in the value is ignored');
  });
});

describe('Microsoft Entra ID', () => {
  test('create with URN keys, Add/Replace with capital ops, active as the string "False"', async () => {
    const email = `entra.user@${emulator.state.site.domain}`;
    const created = await scim('POST', '/Users', {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: email,
      active: true,
      emails: [{ primary: true, type: 'work', value: email }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Entra User', familyName: 'User', givenName: 'Entra' },
      roles: [],
    });
    assert.equal(created.status, 201);
    const id = String(created.body.id);
    const byExternal = await scim(
      'GET',
      `/Users?filter=${filterBy('externalId', '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef')}`,
    );
    assert.deepEqual(
      resources(byExternal).map((u) => u.id),
      [id],
    );
    const updated = await scim(
      'PATCH',
      `/Users/${id}`,
      patch(
        { op: 'Replace', path: 'displayName', value: 'Entra Renamed' },
        { op: 'Add', path: 'title', value: 'Analyst' },
        {
          op: 'Replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'Finance',
        },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' },
      ),
    );
    assert.equal(updated.status, 200);
    assert.equal(updated.body.displayName, 'Entra Renamed');
    assert.equal(updated.body.title, 'Analyst');
    assert.equal(updated.body.department, 'Finance');
    assert.deepEqual(updated.body.phoneNumbers, [{ type: 'work', value: '+1 555 0100' }]);
    const off = await scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
    assert.equal(off.body.active, false);
    assert.equal(accountOf(created.body).accountStatus, 'inactive');
  });

  test('groups: filter with excludedAttributes=members, Add and Remove members with value lists', async () => {
    const email = `entra.member@${emulator.state.site.domain}`;
    const user = await scim('POST', '/Users', { userName: email, emails: [{ value: email, primary: true }] });
    const userId = String(user.body.id);
    const none = await scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${filterBy('displayName', 'Entra Sales')}`,
    );
    assert.equal(none.body.totalResults, 0);
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Entra Sales',
      members: [],
      meta: { resourceType: 'Group' },
    });
    const id = String(group.body.id);
    const found = await scim(
      'GET',
      `/Groups?excludedAttributes=members&filter=${filterBy('displayName', 'Entra Sales')}`,
    );
    assert.deepEqual(
      resources(found).map((g) => [g.id, g.members]),
      [[id, undefined]],
    );
    const seq = emulator.state.writeLog.length;
    const added = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'Add', path: 'members', value: [{ value: userId }] }),
    );
    assert.deepEqual(memberValues(added), [userId]);
    const removed = await scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'Remove', path: 'members', value: [{ value: userId }] }),
    );
    assert.deepEqual(memberValues(removed), []);
    const accountId = accountOf(user.body).accountId;
    assert.deepEqual(
      emulator.state.writeLog.slice(seq).map((entry) => [entry.operation, entry.accountIds]),
      [
        ['group.member.add', [accountId]],
        ['group.member.remove', [accountId]],
      ],
    );
  });
});
