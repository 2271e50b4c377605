import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Reply, scimClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 15 });
const scim = scimClient(emulator);
const RUNS = 60;

/**
 * Sends one request (always with a SCIM Content-Type) and checks what every answer must be, whatever
 * the input: no 5xx, a JSON body of the documented shape for its status (the client checks that),
 * and a SCIM error body (status as a string) on 4xx.
 */
async function probe(method: string, path: string, body?: string): Promise<Reply> {
  const answer = await scim(method, path, body, { headers: { 'content-type': 'application/scim+json' } });
  assert.ok(answer.status < 500, `${method} ${path} ${body ?? ''} answered ${answer.status}: ${answer.text}`);
  if (answer.status >= 400) {
    assert.deepEqual(answer.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'], answer.text);
    assert.equal(answer.body.status, String(answer.status));
  }
  return answer;
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
