import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/emulator.ts';
import { responseProblems } from '../helpers/spec-conformance.ts';
import { unexplained } from './deviations.ts';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ size: 'small', seed: 14 });
});
after(() => emulator.close());

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}
interface Options {
  headers?: Record<string, string>;
  body?: string;
  /** For a path Atlassian does not document: the documented path whose error body it must match. */
  checkAs?: string;
}

const directory = () => `/scim/directory/${emulator.state.site.directoryId}`;
const bearer = () => ({ authorization: `Bearer ${emulator.state.credentials.scimKey}` });

/** One raw request; its answer must conform to Atlassian's SCIM document. */
async function raw(method: string, url: string, options: Options = {}): Promise<Answer> {
  const response = await fetch(`${emulator.url}${url}`, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const text = await response.text();
  const body = text === '' ? undefined : (JSON.parse(text) as Json);
  const checked = options.checkAs ?? url;
  const problems = unexplained(
    'scim',
    await responseProblems('scim', method, checked, response.status, body),
  );
  assert.deepEqual(problems, [], `${method} ${url} ${response.status}`);
  return { status: response.status, body: body ?? {}, headers: response.headers };
}

/** Asserts a SCIM error body (status as a string) with the given status and scimType. */
function assertScimError(answer: Answer, status: number, scimType?: string): void {
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
      const answer = await raw('GET', `${directory()}/Users`, { headers });
      assert.equal(answer.status, 401);
      assert.deepEqual(Object.keys(answer.body).sort(), ['error', 'traceId']);
      assert.equal(answer.body.schemas, undefined, 'not a SCIM error');
    }
  });

  test('a revoked SCIM key is a 401 until it is restored', async () => {
    const control = (revoked: string[]) =>
      fetch(`${emulator.url}/_emulator/credentials`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ revoked }),
      });
    assert.equal((await control(['scim'])).status, 200);
    assert.equal((await raw('GET', `${directory()}/Groups`, { headers: bearer() })).status, 401);
    assert.equal((await control([])).status, 200);
    assert.equal((await raw('GET', `${directory()}/Groups`, { headers: bearer() })).status, 200);
  });

  test('the organization admin API key is a 403 "Not authorized to access" (Okta KB), not a SCIM error', async () => {
    const admin = { authorization: `Bearer ${emulator.state.credentials.adminApiKey}` };
    const answer = await raw('GET', `${directory()}/Groups?count=1`, { headers: admin });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error, `Not authorized to access : ${directory().slice(1)}/Groups`);
    assert.equal(typeof answer.body.traceId, 'string');
  });

  test('an unknown directory id is a 404 SCIM error (after the key is checked)', async () => {
    const url = '/scim/directory/00000000-0000-0000-0000-000000000000/Users';
    assertScimError(await raw('GET', url, { headers: bearer() }), 404);
    assert.equal((await raw('GET', url)).status, 401);
  });
});

describe('bad input never gets a Fastify body', () => {
  test('malformed JSON is a 400 invalidSyntax, with either content type', async () => {
    for (const type of ['application/scim+json', 'application/json; charset=utf-8']) {
      const answer = await raw('POST', `${directory()}/Users`, {
        headers: { ...bearer(), 'content-type': type },
        body: '{"userName": ',
      });
      assertScimError(answer, 400, 'invalidSyntax');
    }
  });

  test('an unsupported content type, an empty body or a JSON array is a 400 invalidSyntax', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      raw('POST', `${directory()}/Groups`, { headers: { ...bearer(), ...headers }, body });
    assertScimError(await post({ 'content-type': 'text/plain' }, 'displayName'), 400, 'invalidSyntax');
    assertScimError(await post({ 'content-type': 'application/json' }, ''), 400, 'invalidSyntax');
    assertScimError(await post({ 'content-type': 'application/scim+json' }, '[]'), 400, 'invalidSyntax');
  });

  test('application/json is accepted as well as application/scim+json; answers are application/scim+json', async () => {
    const answer = await raw('POST', `${directory()}/Groups`, {
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'plain-json-group' }),
    });
    assert.equal(answer.status, 201);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/scim\+json/);
  });

  test('a Content-Type with no body on DELETE and GET is ignored', async () => {
    const headers = { ...bearer(), 'content-type': 'application/scim+json' };
    assertScimError(await raw('DELETE', `${directory()}/Users/no-such-user`, { headers }), 404);
    assert.equal((await raw('GET', `${directory()}/Users?count=1`, { headers })).status, 200);
  });

  test('bad paging values are a 400 invalidValue; an unknown path is a SCIM 404', async () => {
    assertScimError(
      await raw('GET', `${directory()}/Users?count=ten`, { headers: bearer() }),
      400,
      'invalidValue',
    );
    const unknown = await raw('GET', `${directory()}/Bulk`, {
      headers: bearer(),
      checkAs: `${directory()}/Users/x`,
    });
    assertScimError(unknown, 404);
    const method = await raw('PATCH', `${directory()}/Users`, {
      headers: bearer(),
      checkAs: `${directory()}/Users/x`,
    });
    assertScimError(method, 404);
  });
});

describe('injected server errors', () => {
  test('a 503 or 500 fault on a SCIM path has the ScimError body Atlassian documents, with Retry-After on 503', async () => {
    for (const status of [503, 500]) {
      const fault = await fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'status',
          status,
          count: 1,
          pathPrefix: directory(),
          retryAfterSeconds: 2,
        }),
      });
      assert.equal(fault.status, 201);
      const answer = await raw('GET', `${directory()}/Groups`, { headers: bearer() });
      assertScimError(answer, status);
      assert.equal(answer.headers.get('retry-after'), status === 503 ? '2' : null);
      assert.equal(
        (await raw('GET', `${directory()}/Groups`, { headers: bearer() })).status,
        200,
        'the fault was used up',
      );
    }
  });
});

describe('discovery', () => {
  test('ServiceProviderConfig: PATCH and filter supported, bulk, sort, ETag and password change not', async () => {
    const { body } = await raw('GET', `${directory()}/ServiceProviderConfig`, { headers: bearer() });
    assert.deepEqual(body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    assert.equal((body.patch as Json).supported, true);
    assert.deepEqual(body.filter, { supported: true, maxResults: 100 });
    for (const feature of ['bulk', 'sort', 'etag', 'changePassword'])
      assert.equal((body[feature] as Json).supported, false);
  });

  test('ResourceTypes lists User and Group, each also served by name', async () => {
    const list = await raw('GET', `${directory()}/ResourceTypes`, { headers: bearer() });
    const ids = (list.body.Resources as Json[]).map((type) => type.id);
    assert.deepEqual(ids, ['User', 'Group']);
    for (const id of ids) {
      const one = await raw('GET', `${directory()}/ResourceTypes/${id}`, { headers: bearer() });
      assert.equal(one.body.endpoint, `/${id}s`);
    }
  });

  test('Schemas lists the three schemas, each served at its URN', async () => {
    const list = await raw('GET', `${directory()}/Schemas`, { headers: bearer() });
    const ids = (list.body.Resources as Json[]).map((schema) => String(schema.id));
    assert.deepEqual(ids, [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    for (const id of ids) {
      const one = await raw('GET', `${directory()}/Schemas/${id}`, { headers: bearer() });
      assert.equal(one.body.id, id);
      assert.ok((one.body.attributes as Json[]).length > 0);
    }
    const userSchema = await raw('GET', `${directory()}/Schemas/${ids[0]}`, { headers: bearer() });
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
