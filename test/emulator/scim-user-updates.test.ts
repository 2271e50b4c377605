import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Json, scimClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';
import {
  ATLASSIAN,
  accountIdOf,
  ENTERPRISE,
  newUserBody,
  PATCH_OP,
  patch,
  resources,
} from '../helpers/scim-messages.ts';

const emulator = useEmulator({ size: 'small', seed: 12 });
const scim = scimClient(emulator);

describe('updating users', () => {
  test('PUT replaces attribute by attribute and clears the ones not sent', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const {
      title: _t,
      department: _d,
      timezone: _z,
      ...rest
    } = newUserBody(emulator, { userName: created.body.userName, emails: created.body.emails });
    const put = await scim('PUT', `/Users/${created.body.id}`, { ...rest, displayName: 'Renamed Person' });
    assert.equal(put.status, 200);
    assert.equal(put.body.displayName, 'Renamed Person');
    assert.equal(put.body.title, undefined);
    assert.equal(put.body.department, undefined);
    assert.equal(put.body.timezone, undefined);
    assert.equal((put.body[ENTERPRISE] as Json).department, undefined);
    const account = emulator.state.requireAccount(accountIdOf(put.body));
    assert.equal(account.title, null);
    assert.equal(account.displayName, 'Renamed Person');
    assert.equal(
      account.timezone,
      'Europe/Berlin',
      'an Atlassian profile keeps a timezone the IdP stops sending',
    );
  });

  test("PATCH onto another user's userName or email is a 409", async () => {
    const first = await scim('POST', '/Users', newUserBody(emulator));
    const second = await scim('POST', '/Users', newUserBody(emulator));
    const byName = await scim(
      'PATCH',
      `/Users/${second.body.id}`,
      patch({ op: 'replace', path: 'userName', value: first.body.userName }),
    );
    assert.equal(byName.status, 409);
    assert.equal(byName.body.scimType, 'uniqueness');
    const email = (first.body.emails as Json[])[0]?.value;
    const byEmail = await scim(
      'PATCH',
      `/Users/${second.body.id}`,
      patch({ op: 'replace', path: 'emails[primary eq true].value', value: email }),
    );
    assert.equal(byEmail.status, 409);
  });

  test("PUT onto another user's userName is a 409", async () => {
    const first = await scim('POST', '/Users', newUserBody(emulator));
    const second = await scim('POST', '/Users', newUserBody(emulator));
    const clash = await scim('PUT', `/Users/${second.body.id}`, {
      ...newUserBody(emulator, { emails: second.body.emails }),
      userName: first.body.userName,
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.scimType, 'uniqueness');
  });

  test('PATCH add/replace/remove with paths, URN paths and a path-less value', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const id = String(created.body.id);
    const patched = await scim(
      'PATCH',
      `/Users/${id}`,
      patch(
        { op: 'replace', path: 'title', value: 'Staff Engineer' },
        { op: 'add', path: 'nickName', value: 'Scimmy' },
        { op: 'replace', path: 'name.familyName', value: 'Patched' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Platform' },
        { op: 'replace', path: 'emails[type eq "work"].type', value: 'home' },
        { op: 'remove', path: 'timezone' },
        { op: 'replace', value: { displayName: 'Via Value', [`${ENTERPRISE}:organization`]: 'Acme Labs' } },
      ),
    );
    assert.equal(patched.status, 200);
    assert.equal(patched.body.title, 'Staff Engineer');
    assert.equal(patched.body.nickName, 'Scimmy');
    assert.equal((patched.body.name as Json).familyName, 'Patched');
    assert.equal(patched.body.department, 'Platform');
    assert.equal((patched.body[ENTERPRISE] as Json).organization, 'Acme Labs');
    assert.equal((patched.body.emails as Json[])[0]?.type, 'home');
    assert.equal(patched.body.timezone, undefined);
    assert.equal(patched.body.displayName, 'Via Value');
  });

  for (const [name, operation, scimType] of [
    ['an unknown attribute', { op: 'replace', path: 'favouriteColour', value: 'blue' }, 'invalidPath'],
    ['an unknown sub-attribute', { op: 'replace', path: 'name.nickname', value: 'x' }, 'invalidPath'],
    ['an unknown attribute in a path-less value', { op: 'replace', value: { shoeSize: 44 } }, 'invalidPath'],
    [
      'a filter on a single-valued attribute',
      { op: 'replace', path: 'title[value eq "x"]', value: 'x' },
      'invalidPath',
    ],
    ['a read-only attribute', { op: 'replace', path: 'id', value: 'x' }, 'mutability'],
    [
      'the Atlassian extension',
      { op: 'replace', path: `${ATLASSIAN}:atlassianAccountId`, value: 'x' },
      'mutability',
    ],
    [
      'a filter that matches nothing',
      { op: 'replace', path: 'emails[type eq "fax"]', value: { value: 'x' } },
      'noTarget',
    ],
    ['an unsupported op', { op: 'move', path: 'title', value: 'x' }, 'invalidSyntax'],
    ['a remove without a path', { op: 'remove' }, 'noTarget'],
    ['a wrong value type', { op: 'replace', path: 'active', value: 'sometimes' }, 'invalidValue'],
  ] as const) {
    test(`PATCH with ${name} is a 400 ${scimType}`, async () => {
      const created = await scim('POST', '/Users', newUserBody(emulator));
      const answer = await scim('PATCH', `/Users/${created.body.id}`, patch(operation));
      assert.equal(answer.status, 400);
      assert.equal(answer.body.scimType, scimType);
      const unchanged = await scim('GET', `/Users/${created.body.id}`);
      assert.equal(unchanged.body.title, 'Engineer');
    });
  }

  test('adding a primary email demotes the old one (RFC 7644 §3.5.2) and changes the account email', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const email = `moved.${String(created.body.userName)}`;
    const answer = await scim(
      'PATCH',
      `/Users/${created.body.id}`,
      patch({ op: 'add', path: 'emails', value: [{ value: email, primary: true }] }),
    );
    assert.equal(answer.status, 200);
    const emails = answer.body.emails as Json[];
    assert.deepEqual(
      emails.filter((e) => e.primary === true).map((e) => e.value),
      [email],
    );
    assert.equal(emails.length, 2);
    assert.equal(emulator.state.requireAccount(accountIdOf(answer.body)).email, email);
    const outside = await scim(
      'PATCH',
      `/Users/${created.body.id}`,
      patch({ op: 'replace', path: 'emails[primary eq true].value', value: 'x@partner.example.org' }),
    );
    assert.equal(outside.status, 400);
    assert.equal(outside.body.scimType, 'invalidValue');
  });

  test('a PatchOp list spelled "operations" (Atlassian\'s own schema, jira.js) works like "Operations"', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const answer = await scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      operations: [{ op: 'replace', path: 'title', value: 'Principal' }],
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.title, 'Principal');
  });

  test('a PATCH body without the PatchOp schema or Operations is a 400 invalidSyntax', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const noSchema = await scim('PATCH', `/Users/${created.body.id}`, {
      Operations: [{ op: 'replace', path: 'title', value: 'x' }],
    });
    assert.equal(noSchema.body.scimType, 'invalidSyntax');
    const noOps = await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP] });
    assert.equal(noOps.body.scimType, 'invalidSyntax');
  });
});

describe('deactivation', () => {
  const accountOf = (user: Json) => emulator.state.requireAccount(accountIdOf(user));

  test('PATCH {"op":"replace","value":{"active":false}} deactivates; then every operation is a 404', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const id = String(created.body.id);
    const off = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }));
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.equal(accountOf(created.body).accountStatus, 'inactive');
    assert.equal(emulator.state.writeLog.at(-1)?.operation, 'account.deactivate');
    assert.equal((await scim('GET', `/Users/${id}`)).status, 404);
    assert.equal((await scim('DELETE', `/Users/${id}`)).status, 404);
    assert.equal(
      (await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'title', value: 'x' }))).status,
      404,
    );
    assert.equal(
      (await scim('PUT', `/Users/${id}`, { ...newUserBody(emulator), active: false })).status,
      404,
    );
    const listed = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${created.body.userName}"`)}`,
    );
    assert.equal(resources(listed)[0]?.active, false, 'lists and filters still show a deactivated user');
  });

  test('DELETE answers 204 and deactivates without deleting; PATCH path "active" true re-activates', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const id = String(created.body.id);
    const deleted = await scim('DELETE', `/Users/${id}`);
    assert.equal(deleted.status, 204);
    const account = accountOf(created.body);
    assert.equal(account.accountStatus, 'inactive');
    assert.equal(account.scim?.active, false);
    assert.equal((await scim('GET', `/Users/${id}`)).status, 404);
    const back = await scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: true }));
    assert.equal(back.status, 200);
    assert.equal(back.body.active, true);
    assert.equal(account.accountStatus, 'active');
    assert.equal(emulator.state.writeLog.at(-1)?.operation, 'account.reactivate');
    assert.equal((await scim('GET', `/Users/${id}`)).status, 200);
  });

  test('PUT with active true re-activates (Entra ID sends "True" as a string)', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const id = String(created.body.id);
    await scim('DELETE', `/Users/${id}`);
    const { id: _id, meta: _meta, groups: _groups, ...writable } = created.body;
    const back = await scim('PUT', `/Users/${id}`, { ...writable, active: 'True' });
    assert.equal(back.status, 200);
    assert.equal(back.body.active, true);
    assert.equal(accountOf(created.body).accountStatus, 'active');
  });

  test('deactivation keeps group memberships; an unknown id is a 404 for every verb', async () => {
    const account = [...emulator.state.accounts.values()].find(
      (a) => a.scim?.active && emulator.state.groupsOf(a.accountId).length > 0,
    );
    assert.ok(account?.scim);
    const groups = emulator.state.groupsOf(account.accountId).length;
    assert.equal((await scim('DELETE', `/Users/${account.scim.id}`)).status, 204);
    assert.equal(emulator.state.groupsOf(account.accountId).length, groups);
    for (const method of ['GET', 'DELETE'])
      assert.equal((await scim(method, '/Users/no-such-user')).status, 404);
    assert.equal((await scim('PUT', '/Users/no-such-user', newUserBody(emulator))).status, 404);
    assert.equal(
      (await scim('PATCH', '/Users/no-such-user', patch({ op: 'remove', path: 'title' }))).status,
      404,
    );
  });

  test('a SCIM update that does not change active leaves an account status set elsewhere alone', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const account = accountOf(created.body);
    emulator.state.updateAccount(account.accountId, { accountStatus: 'inactive' }, null);
    const patched = await scim(
      'PATCH',
      `/Users/${created.body.id}`,
      patch({ op: 'replace', path: 'title', value: 'Lead' }),
    );
    assert.equal(patched.body.active, true);
    assert.equal(account.accountStatus, 'inactive');
  });

  test('the write log names exactly the account a SCIM write touched', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const seq = emulator.state.writeLog.length;
    await scim('PATCH', `/Users/${created.body.id}`, patch({ op: 'replace', path: 'title', value: 'Lead' }));
    const entries = emulator.state.writeLog.slice(seq);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.api, 'scim');
    assert.equal(
      entries[0]?.request,
      `PATCH /scim/directory/${emulator.state.site.directoryId}/Users/${created.body.id}`,
    );
    assert.deepEqual(entries[0]?.accountIds, [accountOf(created.body).accountId]);
  });
});
