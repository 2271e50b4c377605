import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Json, type Reply, scimClient, send } from '../helpers/emulator-client.ts';
import { control, useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 14 });
const scim = scimClient(emulator);
const directory = () => `/scim/directory/${emulator.state.site.directoryId}`;

/** Asserts a SCIM error body (status as a string) with the given status and scimType. */
function assertScimError(answer: Reply, status: number, scimType?: string): void {
  assert.equal(answer.status, status);
  assert.deepEqual(answer.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(answer.body.status, String(status));
  assert.equal(answer.body.scimType, scimType);
  assert.equal(typeof answer.body.detail, 'string');
  assert.match(answer.headers.get('content-type') ?? '', /^application\/scim\+json/);
}

describe('access', () => {
  test("a missing, malformed or wrong key is a 401 with Atlassian's {error, traceId} body", async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer not-the-key' },
    ];
    for (const headers of cases) {
      const answer = await scim('GET', '/Users', undefined, { auth: null, headers });
      assert.equal(answer.status, 401);
      assert.deepEqual(Object.keys(answer.body).sort(), ['error', 'traceId']);
      assert.equal(answer.body.schemas, undefined, 'not a SCIM error');
    }
  });

  test('a revoked SCIM key is a 401 until it is restored', async () => {
    const revoke = (revoked: string[]) => control(emulator, 'PUT', '/credentials', { revoked });
    assert.equal((await revoke(['scim'])).status, 200);
    assert.equal((await scim('GET', '/Groups')).status, 401);
    assert.equal((await revoke([])).status, 200);
    assert.equal((await scim('GET', '/Groups')).status, 200);
  });

  test('the organization admin API key is a 403 "Not authorized to access" (Okta KB), not a SCIM error', async () => {
    const admin = `Bearer ${emulator.state.credentials.adminApiKey}`;
    const answer = await scim('GET', '/Groups?count=1', undefined, { auth: admin });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error, `Not authorized to access : ${directory().slice(1)}/Groups`);
    assert.equal(typeof answer.body.traceId, 'string');
  });

  test('an unknown directory id is a 404 SCIM error (after the key is checked)', async () => {
    const url = '/scim/directory/00000000-0000-0000-0000-000000000000/Users';
    const bearer = `Bearer ${emulator.state.credentials.scimKey}`;
    assertScimError(await send(emulator, 'GET', url, undefined, { auth: bearer }), 404);
    assert.equal((await send(emulator, 'GET', url)).status, 401);
  });
});

describe('bad input never gets a Fastify body', () => {
  test('malformed JSON is a 400 invalidSyntax, with either content type', async () => {
    for (const type of ['application/scim+json', 'application/json; charset=utf-8']) {
      const answer = await scim('POST', '/Users', '{"userName": ', { type });
      assertScimError(answer, 400, 'invalidSyntax');
    }
  });

  test('an unsupported content type, an empty body or a JSON array is a 400 invalidSyntax', async () => {
    const post = (type: string, body: string) => scim('POST', '/Groups', body, { type });
    assertScimError(await post('text/plain', 'displayName'), 400, 'invalidSyntax');
    assertScimError(await post('application/json', ''), 400, 'invalidSyntax');
    assertScimError(await post('application/scim+json', '[]'), 400, 'invalidSyntax');
  });

  test('application/json is accepted as well as application/scim+json; answers are application/scim+json', async () => {
    const answer = await scim('POST', '/Groups', JSON.stringify({ displayName: 'plain-json-group' }), {
      type: 'application/json',
    });
    assert.equal(answer.status, 201);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/scim\+json/);
  });

  test('a Content-Type with no body on DELETE and GET is ignored', async () => {
    const headers = { 'content-type': 'application/scim+json' };
    assertScimError(await scim('DELETE', '/Users/no-such-user', undefined, { headers }), 404);
    assert.equal((await scim('GET', '/Users?count=1', undefined, { headers })).status, 200);
  });

  test('bad paging values are a 400 invalidValue; an unknown path is a SCIM 404', async () => {
    assertScimError(await scim('GET', `/Users?count=ten`), 400, 'invalidValue');
    const unknown = await scim('GET', '/Bulk', undefined, { checkAs: '/Users/x' });
    assertScimError(unknown, 404);
    const method = await scim('PATCH', '/Users', undefined, { checkAs: '/Users/x' });
    assertScimError(method, 404);
  });
});

describe('injected server errors', () => {
  test('a 503 or 500 fault on a SCIM path has the ScimError body Atlassian documents, with Retry-After on 503', async () => {
    for (const status of [503, 500]) {
      const fault = await control(emulator, 'POST', '/faults', {
        kind: 'status',
        status,
        count: 1,
        pathPrefix: directory(),
        retryAfterSeconds: 2,
      });
      assert.equal(fault.status, 201);
      const answer = await scim('GET', `/Groups`);
      assertScimError(answer, status);
      assert.equal(answer.headers.get('retry-after'), status === 503 ? '2' : null);
      assert.equal((await scim('GET', `/Groups`)).status, 200, 'the fault was used up');
    }
  });
});

describe('discovery', () => {
  test('ServiceProviderConfig: PATCH and filter supported, bulk, sort, ETag and password change not', async () => {
    const { body } = await scim('GET', `/ServiceProviderConfig`);
    assert.deepEqual(body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    assert.equal((body.patch as Json).supported, true);
    assert.deepEqual(body.filter, { supported: true, maxResults: 100 });
    for (const feature of ['bulk', 'sort', 'etag', 'changePassword'])
      assert.equal((body[feature] as Json).supported, false);
  });

  test('ResourceTypes lists User and Group, each also served by name', async () => {
    const list = await scim('GET', `/ResourceTypes`);
    const ids = (list.body.Resources as Json[]).map((type) => type.id);
    assert.deepEqual(ids, ['User', 'Group']);
    for (const id of ids) {
      const one = await scim('GET', `/ResourceTypes/${id}`);
      assert.equal(one.body.endpoint, `/${id}s`);
    }
  });

  test('Schemas lists the three schemas, each served at its URN', async () => {
    const list = await scim('GET', `/Schemas`);
    const ids = (list.body.Resources as Json[]).map((schema) => String(schema.id));
    assert.deepEqual(ids, [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    for (const id of ids) {
      const one = await scim('GET', `/Schemas/${id}`);
      assert.equal(one.body.id, id);
      assert.ok((one.body.attributes as Json[]).length > 0);
    }
    const userSchema = await scim('GET', `/Schemas/${ids[0]}`);
    const names = (userSchema.body.attributes as Json[]).map((attribute) => attribute.name);
    for (const name of [
      'userName',
      'emails',
      'displayName',
      'title',
      'timezone',
      'department',
      'organization',
      'preferredLanguage',
      'active',
    ])
      assert.ok(names.includes(name), name);
  });
});
