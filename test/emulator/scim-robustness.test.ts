import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { type RunningEmulator, startEmulator } from '../../src/emulator/emulator.ts';
import { responseProblems } from '../helpers/spec-conformance.ts';
import { unexplained } from './deviations.ts';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ size: 'small', seed: 15 });
});
after(() => emulator.close());

type Json = Record<string, unknown>;
const RUNS = 60;

/**
 * Sends one request and checks what every answer must be, whatever the input: no 5xx, a JSON
 * body of the documented shape for its status, and a SCIM error body (status as a string) on 4xx.
 */
async function probe(method: string, path: string, body?: string): Promise<{ status: number; body: Json }> {
  const url = `/scim/directory/${emulator.state.site.directoryId}${path}`;
  const response = await fetch(`${emulator.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${emulator.state.credentials.scimKey}`,
      'content-type': 'application/scim+json',
    },
    body,
  });
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as Json);
  assert.ok(response.status < 500, `${method} ${path} ${body ?? ''} answered ${response.status}: ${text}`);
  if (response.status >= 400) {
    assert.deepEqual(parsed.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'], text);
    assert.equal(parsed.status, String(response.status));
  }
  const problems = await responseProblems(
    'scim',
    method,
    url,
    response.status,
    text === '' ? undefined : parsed,
  );
  assert.deepEqual(unexplained('scim', problems), [], `${method} ${path} ${body ?? ''}`);
  return { status: response.status, body: parsed };
}

let counter = 0;
async function freshUser(): Promise<string> {
  counter += 1;
  const email = `fuzz${counter}@${emulator.state.site.domain}`;
  const created = await probe(
    'POST',
    '/Users',
    JSON.stringify({ userName: email, emails: [{ value: email }] }),
  );
  assert.equal(created.status, 201);
  return String(created.body.id);
}

const paths = fc.oneof(
  fc.constantFrom(
    'title',
    'active',
    'emails',
    'emails[type eq "work"].value',
    'name.givenName',
    'members',
    'members[value eq "x"]',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    'groups',
    'meta.created',
  ),
  fc.string(),
);
const operation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Replace'), fc.string()),
    path: paths,
    value: fc.jsonValue(),
  },
  { requiredKeys: ['op'] },
);
const patchBody = fc.oneof(
  fc
    .record({
      schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:PatchOp']),
      Operations: fc.array(operation, { maxLength: 3 }),
    })
    .map((b) => JSON.stringify(b)),
  fc.json(),
  fc.string(),
);

describe('whatever the input, the SCIM API answers with a documented body and never a 5xx', () => {
  test('random POST and PUT bodies for users and groups', async () => {
    const group = await probe('POST', '/Groups', JSON.stringify({ displayName: 'fuzz-put-group' }));
    const target = fc.constantFrom('POST /Users', 'POST /Groups', 'PUT /Users', 'PUT /Groups');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), target, async (body, where) => {
        const [method = 'POST', path = ''] = where.split(' ');
        if (method === 'POST') await probe(method, path, body);
        else if (path === '/Users') await probe(method, `/Users/${await freshUser()}`, body);
        else await probe(method, `/Groups/${group.body.id}`, body);
      }),
      { numRuns: RUNS },
    );
  });

  test('random PATCH operations on a user and on a group', async () => {
    const group = await probe('POST', '/Groups', JSON.stringify({ displayName: 'fuzz-group' }));
    await fc.assert(
      fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
        const path = onGroup ? `/Groups/${group.body.id}` : `/Users/${await freshUser()}`;
        await probe('PATCH', path, body);
      }),
      { numRuns: RUNS },
    );
  });

  test('random filters, paging and attribute lists', async () => {
    const query = fc.record(
      {
        filter: fc.oneof(fc.string(), fc.constantFrom('userName eq "a"', 'displayName eq "a"', 'title pr')),
        startIndex: fc.oneof(fc.integer().map(String), fc.string()),
        count: fc.oneof(fc.integer().map(String), fc.string()),
        attributes: fc.string(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('/Users', '/Groups'), async (params, path) => {
        const search = new URLSearchParams(params as Record<string, string>).toString();
        await probe('GET', `${path}${search === '' ? '' : `?${search}`}`);
      }),
      { numRuns: RUNS },
    );
  });
});
