import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { confluenceClient, type Reply } from '../helpers/emulator-client.ts';
import { useEmulator, watchWrites } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 9 });
const call = confluenceClient(emulator);

/** Sends any body unchecked against the documents: these answers are checked by `assertAtlassianError` alone. */
const send = (method: string, path: string, body?: string, type?: string): Promise<Reply> =>
  call(method, path, body, { type, spec: null });

/** A failure must be a 4xx in the error body of the path's API generation, never Fastify's or a 500. */
function assertAtlassianError(path: string, answer: Reply): void {
  assert.ok(answer.status >= 400 && answer.status < 500, `${path} answered ${answer.status}`);
  if (path.startsWith('/wiki/api/v2/')) {
    const errors = answer.body.errors as Array<Record<string, unknown>> | undefined;
    assert.equal(errors?.[0]?.status, answer.status, JSON.stringify(answer.body));
  } else {
    assert.equal(answer.body.statusCode, answer.status, JSON.stringify(answer.body));
    assert.equal(typeof answer.body.message, 'string');
  }
  assert.equal(answer.body.code, undefined, 'no Fastify error code leaks');
}

const anyValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom('-1', '0', '251', '1e3', 'true', '', '%'),
);

describe('malformed input gets Atlassian error bodies, never a 500', () => {
  test('random query parameters on every list endpoint', async () => {
    const group = [...emulator.state.groups.values()][0];
    const space = emulator.state.spaceOrder[0];
    assert.ok(group !== undefined && space !== undefined);
    const paths = [
      '/wiki/api/v2/spaces',
      `/wiki/api/v2/spaces/${space}/permissions`,
      '/wiki/rest/api/space',
      '/wiki/rest/api/group',
      `/wiki/rest/api/group/${group.id}/membersByGroupId`,
      '/wiki/rest/api/group/picker',
      '/wiki/rest/api/search/user',
      '/wiki/rest/api/user/bulk',
    ];
    const names = [
      'limit',
      'start',
      'cursor',
      'ids',
      'keys',
      'type',
      'status',
      'sort',
      'expand',
      'accessType',
      'cql',
      'sitePermissionTypeFilter',
      'accountId',
      'spaceKey',
      'description-format',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(fc.constantFrom(...names), anyValue), { maxLength: 4 }),
        async (path, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const url = `${path}?${query}`;
          const answer = await send('GET', url);
          if (answer.status < 300) assert.ok(Array.isArray(answer.body.results), url);
          else assertAtlassianError(path, answer);
        },
      ),
      { numRuns: 120, seed: 42 },
    );
  });

  test('random JSON and broken bodies on every write endpoint write nothing when refused', async () => {
    const space = [...emulator.state.spaces.values()][0];
    const group = [...emulator.state.groups.values()].find((g) => g.scimId === null);
    assert.ok(space !== undefined && group !== undefined);
    const writes = [
      `/wiki/rest/api/space/${space.key}/permission`,
      '/wiki/rest/api/group',
      `/wiki/rest/api/group/userByGroupId?groupId=${group.id}`,
      '/wiki/api/v2/users-bulk',
    ];
    const bodies = fc.oneof(
      fc.json(),
      fc.constantFrom(
        '{"subject":',
        '{',
        '[',
        'nul',
        '{"name": 5}',
        '{"accountId": []}',
        '{"subject":{"type":"user"},"operation":null}',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), bodies, async (path, body) => {
        const written = watchWrites(emulator);
        const answer = await send('POST', path, body);
        if (answer.status >= 300) {
          assertAtlassianError(path, answer);
          assert.deepEqual(written(), [], `${path} ${body} wrote on refusal`);
        }
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  test('unknown paths and methods, bad ids and unsupported media types', async () => {
    const cases: Array<[string, string, string | undefined, string | undefined]> = [
      ['GET', '/wiki/api/v2/nothing', undefined, undefined],
      ['GET', '/wiki/rest/api/nothing', undefined, undefined],
      ['PATCH', '/wiki/rest/api/space', undefined, undefined],
      ['GET', '/wiki/api/v2/spaces/abc', undefined, undefined],
      ['GET', '/wiki/api/v2/spaces/99999999999/permissions', undefined, undefined],
      ['DELETE', '/wiki/rest/api/group/by-id', undefined, undefined],
      ['POST', '/wiki/rest/api/group', '<group/>', 'application/xml'],
    ];
    for (const [method, path, body, type] of cases) {
      assertAtlassianError(path, await send(method, path, body, type));
    }
  });
});
