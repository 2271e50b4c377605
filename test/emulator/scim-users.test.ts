import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Json, scimClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';
import { ATLASSIAN, accountIdOf, ENTERPRISE, newUserBody, resources } from '../helpers/scim-messages.ts';

const emulator = useEmulator({ size: 'small', seed: 11 });
const scim = scimClient(emulator);

describe('listing users', () => {
  test('walking every page with startIndex/count returns each directory user once', async () => {
    const expected = [...emulator.state.accounts.values()]
      .filter((a) => a.scim !== null)
      .map((a) => a.scim?.id);
    const seen: unknown[] = [];
    for (let start = 1; ; start += 7) {
      const page = await scim('GET', `/Users?startIndex=${start}&count=7`);
      assert.equal(page.status, 200);
      assert.equal(page.body.totalResults, expected.length);
      assert.equal(page.body.startIndex, start);
      assert.equal(page.body.itemsPerPage, resources(page).length);
      if (resources(page).length === 0) break;
      seen.push(...resources(page).map((user) => user.id));
    }
    assert.deepEqual(seen, expected);
    assert.ok(expected.length > 7, 'the small seed has more than one page of users');
  });

  test('count defaults to 100 and is capped at 100; startIndex below 1 means 1', async () => {
    const total = [...emulator.state.accounts.values()].filter((a) => a.scim !== null).length;
    const first = await scim('GET', '/Users?startIndex=0');
    assert.equal(first.body.startIndex, 1);
    assert.equal(resources(first).length, Math.min(100, total));
    const capped = await scim('GET', '/Users?count=500');
    assert.equal(resources(capped).length, Math.min(100, total));
    const none = await scim('GET', '/Users?count=0');
    assert.equal(resources(none).length, 0);
    assert.equal(none.body.totalResults, total);
  });

  test('totalResults follows the directory as accounts join and leave it', async () => {
    const before = Number((await scim('GET', '/Users?count=0')).body.totalResults);
    const created = await scim('POST', '/Users', newUserBody(emulator));
    assert.equal((await scim('GET', '/Users?count=0')).body.totalResults, before + 1);
    const accountId = accountIdOf(created.body);
    emulator.state.updateAccount(accountId, { scim: null }, null);
    assert.equal((await scim('GET', '/Users?count=0')).body.totalResults, before);
    const last = await scim('GET', `/Users?startIndex=${before}&count=5`);
    assert.equal(resources(last).length, 1, 'the last page holds the last directory user only');
  });

  test('a user carries the core schema, the enterprise and Atlassian extensions, groups and meta', async () => {
    const account = [...emulator.state.accounts.values()].find((a) => a.scim?.active);
    assert.ok(account?.scim);
    const { body } = await scim('GET', `/Users/${account.scim.id}`);
    assert.deepEqual(body[ATLASSIAN], { atlassianAccountId: account.accountId });
    assert.equal((body[ENTERPRISE] as Json).department, account.department);
    assert.equal(body.userName, account.email);
    assert.equal(body.active, true);
    const meta = body.meta as Json;
    assert.equal(meta.resourceType, 'User');
    assert.equal(
      meta.location,
      `${emulator.url}/scim/directory/${emulator.state.site.directoryId}/Users/${account.scim.id}`,
    );
    const synced = emulator.state.groupsOf(account.accountId).filter((g) => g.scimId !== null);
    assert.deepEqual((body.groups as Json[]).map((g) => g.value).sort(), synced.map((g) => g.scimId).sort());
  });
});

describe('filters', () => {
  test('userName eq finds one user, case-insensitively; externalId eq is case-exact', async () => {
    const account = [...emulator.state.accounts.values()].find((a) => a.scim?.externalId);
    assert.ok(account?.scim?.externalId);
    const byName = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${account.email.toUpperCase()}"`)}`,
    );
    assert.deepEqual(
      resources(byName).map((u) => u.id),
      [account.scim.id],
    );
    const byExternal = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`externalId eq "${account.scim.externalId}"`)}`,
    );
    assert.deepEqual(
      resources(byExternal).map((u) => u.id),
      [account.scim.id],
    );
    const wrongCase = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`externalId eq "${account.scim.externalId.toLowerCase()}"`)}`,
    );
    assert.equal(wrongCase.body.totalResults, 0);
    const none = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "nobody@acme.example.com"')}`,
    );
    assert.equal(none.body.totalResults, 0);
    assert.deepEqual(resources(none), []);
  });

  for (const filter of [
    'userName eq "a" and externalId eq "b"',
    'userName eq "a" or userName eq "b"',
    'userName ne "a"',
    'userName sw "a"',
    'userName co "a"',
    'userName pr',
    'not (userName eq "a")',
    'emails[value eq "a"]',
    'displayName eq "a"',
    'active eq true',
    'userName eq 5',
    'userName eq',
    'userName === "a"',
    '',
  ]) {
    test(`filter ${JSON.stringify(filter)} is a 400 invalidFilter`, async () => {
      const answer = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.scimType, 'invalidFilter');
      assert.equal(answer.body.status, '400');
    });
  }
});

describe('attributes and excludedAttributes', () => {
  test('attributes keeps only the named ones (plus id and schemas); excludedAttributes drops them', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator));
    const id = String(created.body.id);
    const only = await scim('GET', `/Users/${id}?attributes=userName,emails.value,name.givenName`);
    assert.deepEqual(Object.keys(only.body).sort(), ['emails', 'id', 'name', 'schemas', 'userName']);
    assert.deepEqual(only.body.emails, [{ value: created.body.userName }]);
    assert.deepEqual(only.body.name, { givenName: 'Scim' });
    const without = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${created.body.userName}"`)}&excludedAttributes=timezone,emails.type,${ENTERPRISE}:department`,
    );
    const user = resources(without)[0];
    assert.ok(user);
    assert.equal(user.timezone, undefined);
    assert.deepEqual(user.emails, [{ value: created.body.userName, primary: true }]);
    assert.deepEqual(user[ENTERPRISE], { organization: 'Acme' });
    assert.equal(user.title, 'Engineer');
    const both = await scim('GET', `/Users/${id}?attributes=userName&excludedAttributes=title`);
    assert.equal(both.status, 400);
    assert.equal(both.body.scimType, 'invalidValue');
  });
});

describe('creating users', () => {
  test('a new user gets a new 24-hex account with no product access and no groups', async () => {
    const body = newUserBody(emulator);
    const created = await scim('POST', '/Users', body);
    assert.equal(created.status, 201);
    const accountId = accountIdOf(created.body);
    assert.match(accountId, /^[0-9a-f]{24}$/);
    assert.notEqual(created.body.id, accountId, 'the SCIM id is not the accountId');
    assert.equal(created.headers.get('location'), (created.body.meta as Json).location);
    const account = emulator.state.requireAccount(accountId);
    assert.equal(account.email, body.userName);
    assert.equal(account.managed, true);
    assert.equal(account.accountStatus, 'active');
    assert.equal(emulator.state.hasProduct(accountId, 'confluence'), false);
    assert.deepEqual(created.body.groups, []);
    const entry = emulator.state.writeLog.at(-1);
    assert.deepEqual(
      [entry?.api, entry?.operation, entry?.accountIds],
      ['scim', 'account.create', [accountId]],
    );
    const fetched = await scim('GET', `/Users/${created.body.id}`);
    assert.deepEqual(fetched.body, created.body);
  });

  test('a managed account outside the directory is linked, not duplicated', async () => {
    const linked = [...emulator.state.accounts.values()].find((a) => a.scim !== null && a.managed);
    assert.ok(linked?.scim);
    const accountId = linked.accountId;
    const groupsBefore = emulator.state.groupsOf(accountId).map((g) => g.id);
    emulator.state.updateAccount(accountId, { scim: null }, null);
    const accounts = emulator.state.accounts.size;
    const created = await scim(
      'POST',
      '/Users',
      newUserBody(emulator, {
        userName: `idp-${accountId}`,
        emails: [{ value: linked.email, primary: true }],
      }),
    );
    assert.equal(created.status, 201);
    assert.equal((created.body[ATLASSIAN] as Json).atlassianAccountId, accountId);
    assert.equal(emulator.state.accounts.size, accounts);
    assert.deepEqual(
      emulator.state.groupsOf(accountId).map((g) => g.id),
      groupsBefore,
    );
    const entry = emulator.state.writeLog.at(-1);
    assert.equal(entry?.operation, 'account.scim.link');
    assert.deepEqual(entry?.accountIds, [accountId]);
  });

  test('a duplicate userName (any case) or an email already in the directory is a 409 uniqueness', async () => {
    const body = newUserBody(emulator);
    assert.equal((await scim('POST', '/Users', body)).status, 201);
    const again = await scim('POST', '/Users', { ...body, userName: String(body.userName).toUpperCase() });
    assert.equal(again.status, 409);
    assert.equal(again.body.scimType, 'uniqueness');
    assert.equal(again.body.status, '409');
    const sameEmail = await scim('POST', '/Users', { ...body, userName: 'someone-else' });
    assert.equal(sameEmail.status, 409);
  });

  test('an email off the verified domain, or a missing userName or email, is a 400', async () => {
    const outside = await scim(
      'POST',
      '/Users',
      newUserBody(emulator, { emails: [{ value: 'x@partner.example.org', primary: true }] }),
    );
    assert.equal(outside.status, 400);
    assert.equal(outside.body.scimType, 'invalidValue');
    const { userName: _userName, ...noUserName } = newUserBody(emulator);
    assert.equal((await scim('POST', '/Users', noUserName)).status, 400);
    const { emails: _emails, ...noEmail } = newUserBody(emulator);
    assert.equal((await scim('POST', '/Users', noEmail)).status, 400);
    const wrongType = await scim(
      'POST',
      '/Users',
      newUserBody(emulator, { active: 'maybe', displayName: 7 }),
    );
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.body.scimType, 'invalidValue');
  });

  test('a user created without a timezone shows none over SCIM, while the account gets UTC', async () => {
    const { timezone: _timezone, ...body } = newUserBody(emulator);
    const created = await scim('POST', '/Users', body);
    assert.equal(created.body.timezone, undefined);
    const accountId = accountIdOf(created.body);
    assert.equal(emulator.state.requireAccount(accountId).timezone, 'UTC');
  });

  test('POST with active false creates a deactivated account', async () => {
    const created = await scim('POST', '/Users', newUserBody(emulator, { active: false }));
    assert.equal(created.body.active, false);
    const accountId = accountIdOf(created.body);
    assert.equal(emulator.state.requireAccount(accountId).accountStatus, 'inactive');
  });
});
