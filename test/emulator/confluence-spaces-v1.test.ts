import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { links, results } from '../helpers/confluence-lists.ts';
import { confluenceClient, type Json } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 7 });
const call = confluenceClient(emulator);

describe('v1 spaces', () => {
  test('walking every page by _links.next returns every space once, sorted by key', async () => {
    const seen: string[] = [];
    let path: string | null = '/wiki/rest/api/space?limit=4';
    while (path !== null) {
      const answer = await call('GET', path);
      assert.equal(answer.status, 200);
      const body = answer.body as { size: number; limit: number; start: number };
      assert.equal(body.size, results(answer).length);
      seen.push(...results(answer).map((space) => String(space.key)));
      assert.equal(links(answer).context, '/wiki');
      const next = links(answer).next as string | undefined;
      path = next === undefined ? null : `/wiki${next}`;
    }
    const keys = [...emulator.state.spaces.values()].map((s) => s.key).sort();
    assert.deepEqual(seen, keys);
  });

  test('expand=permissions shows subjects, operations and anonymous access', async () => {
    const anonymous = [...emulator.state.spaces.values()].find((s) =>
      s.permissions.some((p) => p.principal.type === 'anonymous'),
    );
    const space = anonymous ?? [...emulator.state.spaces.values()][0];
    assert.ok(space !== undefined);
    const answer = await call(
      'GET',
      `/wiki/rest/api/space/${encodeURIComponent(space.key)}?expand=permissions`,
    );
    assert.equal(answer.status, 200);
    const permissions = (answer.body as { permissions: Json[] }).permissions;
    assert.equal(permissions.length, space.permissions.length);
    for (const [index, row] of space.permissions.entries()) {
      const shown = permissions[index] as Json;
      assert.equal(shown.id, row.id);
      assert.deepEqual(shown.operation, { operation: row.key, targetType: row.target });
      assert.equal(shown.anonymousAccess, row.principal.type === 'anonymous');
      const subjects = shown.subjects as
        | { user?: { results: Json[] }; group?: { results: Json[] } }
        | undefined;
      if (row.principal.type === 'user')
        assert.equal(subjects?.user?.results[0]?.accountId, row.principal.id);
      if (row.principal.type === 'group') assert.equal(subjects?.group?.results[0]?.id, row.principal.id);
    }
  });

  test('a deleted group keeps its space permissions, still named in v1 and by id in v2', async () => {
    const state = emulator.state;
    const space = [...state.spaces.values()].find((s) =>
      s.permissions.some((p) => p.principal.type === 'group'),
    );
    const row = space?.permissions.find((p) => p.principal.type === 'group');
    assert.ok(space !== undefined && row !== undefined && row.principal.type === 'group');
    const group = state.groups.get(row.principal.id);
    assert.ok(group !== undefined);
    state.deleteGroup(group.id, { api: 'control', request: 'test' });
    try {
      const v1 = await call('GET', `/wiki/rest/api/space/${space.key}?expand=permissions`);
      const shown = (v1.body as { permissions: Json[] }).permissions.find((p) => p.id === row.id);
      const subjects = shown?.subjects as { group: { results: Json[] } } | undefined;
      const subject = subjects?.group.results[0];
      assert.deepEqual([subject?.id, subject?.name], [group.id, group.name]);
      const v2 = await call('GET', `/wiki/api/v2/spaces/${space.id}/permissions?limit=250`);
      assert.ok(results(v2).some((p) => p.id === String(row.id)));
    } finally {
      state.insertGroup(group, null);
    }
  });

  test('spaceKey is repeatable; type and status filter; unknown key is 404', async () => {
    const [first, second] = [...emulator.state.spaces.values()];
    assert.ok(first !== undefined && second !== undefined);
    const answer = await call('GET', `/wiki/rest/api/space?spaceKey=${first.key}&spaceKey=${second.key}`);
    assert.deepEqual(
      results(answer)
        .map((s) => s.key)
        .sort(),
      [first.key, second.key].sort(),
    );
    const personal = await call('GET', '/wiki/rest/api/space?type=personal&limit=250');
    assert.ok(results(personal).every((s) => s.type === 'personal'));
    const unknownKeys = await call('GET', '/wiki/rest/api/space?spaceKey=NOPE1&spaceKey=NOPE2');
    assert.equal(unknownKeys.status, 404);
    assert.equal(results(await call('GET', '/wiki/rest/api/space?label=team')).length, 0);
    const missing = await call('GET', '/wiki/rest/api/space/NOPE');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as Json).statusCode, 404);
  });
});

describe('v1 page links and limits', () => {
  test('next and prev carry the next=true/prev=true marker; self drops limit and start', async () => {
    const first = await call('GET', '/wiki/rest/api/space?expand=permissions&limit=2&type=global');
    assert.equal(
      links(first).next,
      '/rest/api/space?expand=permissions&next=true&limit=2&start=2&type=global',
    );
    assert.equal(links(first).prev, undefined);
    assert.equal(links(first).self, `${emulator.url}/wiki/rest/api/space?expand=permissions&type=global`);
    const second = await call('GET', `/wiki${links(first).next as string}`);
    assert.equal((second.body as Json).start, 2);
    assert.equal(
      links(second).prev,
      '/rest/api/space?expand=permissions&prev=true&limit=2&start=0&type=global',
    );
  });

  test('a limit above the maximum is lowered to it; negative values are 400; limit=0 is an empty page', async () => {
    const plain = await call('GET', '/wiki/rest/api/space?limit=5000');
    assert.equal((plain.body as Json).limit, 1000);
    const expanded = await call('GET', '/wiki/rest/api/space?limit=5000&expand=permissions');
    assert.equal((expanded.body as Json).limit, 50);
    assert.equal((await call('GET', '/wiki/rest/api/space?start=-1')).status, 400);
    assert.equal((await call('GET', '/wiki/rest/api/space?limit=abc')).status, 400);
    const empty = await call('GET', '/wiki/rest/api/space?limit=0');
    assert.deepEqual([results(empty).length, links(empty).next], [0, undefined]);
  });

  test('expand=description alone carries no value; description.plain carries it', async () => {
    const space = [...emulator.state.spaces.values()].find((s) => s.description !== '');
    assert.ok(space !== undefined);
    const bare = await call('GET', `/wiki/rest/api/space/${space.key}?expand=description`);
    assert.deepEqual((bare.body as Json).description, { _expandable: { view: '', plain: '' } });
    const plain = await call('GET', `/wiki/rest/api/space/${space.key}?expand=description.plain`);
    const description = (plain.body as { description: { plain: Json } }).description;
    assert.equal(description.plain.value, space.description);
    assert.equal(links(plain).collection, '/rest/api/space');
  });
});
