import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { links, results } from '../helpers/confluence-lists.ts';
import { confluenceClient, type Json } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 7 });
const call = confluenceClient(emulator);

describe('v2 spaces', () => {
  test('walking every page by the Link header returns every space once, sorted by id', async () => {
    const seen: string[] = [];
    let path: string | null = '/wiki/api/v2/spaces?limit=4';
    while (path !== null) {
      const answer = await call('GET', path);
      assert.equal(answer.status, 200);
      seen.push(...results(answer).map((space) => String(space.id)));
      const link = answer.headers.get('link') ?? '';
      const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? null;
      assert.equal(links(answer).next ?? null, next, 'Link header and _links.next agree');
      assert.equal(links(answer).base, `${emulator.url}/wiki`);
      path = next;
    }
    assert.deepEqual(seen, emulator.state.spaceOrder.map(String));
  });

  test('the default page is 25 and filters by keys, type and status', async () => {
    const all = await call('GET', '/wiki/api/v2/spaces');
    assert.equal(results(all).length, Math.min(25, emulator.state.spaces.size));
    const personal = [...emulator.state.spaces.values()].filter((s) => s.type === 'personal');
    const byType = await call('GET', '/wiki/api/v2/spaces?type=personal&limit=250');
    assert.deepEqual(
      results(byType).map((s) => s.key),
      personal.map((s) => s.key),
    );
    const [first, second] = [...emulator.state.spaces.values()];
    assert.ok(first !== undefined && second !== undefined);
    const byKeys = await call(
      'GET',
      `/wiki/api/v2/spaces?keys=${second.key}&keys=${encodeURIComponent(first.key)}`,
    );
    assert.deepEqual(
      results(byKeys).map((s) => s.id),
      [String(first.id), String(second.id)],
    );
    assert.equal(results(await call('GET', '/wiki/api/v2/spaces?labels=team')).length, 0);
    const archived = await call('GET', '/wiki/api/v2/spaces?status=archived&limit=250');
    assert.ok(results(archived).every((s) => s.status === 'archived'));
  });

  test('bad limit, cursor and filter values are 400 with the v2 error body', async () => {
    for (const query of ['limit=0', 'limit=251', 'limit=ten', 'cursor=not-ours', 'type=team', 'ids=abc']) {
      const answer = await call('GET', `/wiki/api/v2/spaces?${query}`);
      assert.equal(answer.status, 400, query);
      const errors = (answer.body as { errors: Json[] }).errors;
      assert.equal(errors[0]?.status, 400);
      assert.equal(errors[0]?.code, 'INVALID_REQUEST_PARAMETER');
    }
  });

  test('one space by id, 404 for an unknown id', async () => {
    const id = emulator.state.spaceOrder[0];
    const answer = await call('GET', `/wiki/api/v2/spaces/${id}?description-format=plain`);
    assert.equal(answer.status, 200);
    assert.equal((answer.body as Json).id, String(id));
    assert.equal(((answer.body as Json).description as { plain: Json }).plain.representation, 'plain');
    const missing = await call('GET', '/wiki/api/v2/spaces/1');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { errors: Json[] }).errors[0]?.code, 'NOT_FOUND');
  });

  test('include-permissions embeds 50 rows whose meta.cursor continues the permissions list', async () => {
    const space = [...emulator.state.spaces.values()].find((s) => s.permissions.length > 60);
    assert.ok(space !== undefined, 'the seed has a space with more than 60 rows');
    const one = await call('GET', `/wiki/api/v2/spaces/${space.id}?include-permissions=true`);
    const embedded = (one.body as { permissions: { results: Json[]; meta: Json } }).permissions;
    assert.equal(embedded.results.length, 50);
    assert.equal(embedded.meta.hasMore, true);
    const rest = await call(
      'GET',
      `/wiki/api/v2/spaces/${space.id}/permissions?cursor=${embedded.meta.cursor}&limit=5`,
    );
    const rows = space.permissions.filter((p) => p.principal.type !== 'anonymous');
    assert.deepEqual(
      results(rest).map((r) => r.id),
      rows.slice(50, 55).map((p) => String(p.id)),
    );
  });

  test('cursors name the last row served, so rows removed between pages neither repeat nor skip others', async () => {
    const space = [...emulator.state.spaces.values()].sort(
      (a, b) => b.permissions.length - a.permissions.length,
    )[0];
    assert.ok(space !== undefined);
    const path = `/wiki/api/v2/spaces/${space.id}/permissions?limit=5`;
    const first = await call('GET', path);
    const served = results(first).map((row) => Number(row.id));
    emulator.state.removeSpacePermissions(served.slice(0, 3), null);
    const rest: string[] = [];
    let next = links(first).next as string | undefined;
    while (next !== undefined) {
      const page = await call('GET', next);
      rest.push(...results(page).map((row) => String(row.id)));
      next = links(page).next as string | undefined;
    }
    const expected = space.permissions.filter(
      (p) => p.principal.type !== 'anonymous' && p.id > Math.max(...served),
    );
    assert.deepEqual(
      rest,
      expected.map((p) => String(p.id)),
    );
  });

  test('sorted lists page by key too: -name walks every space once in descending name order', async () => {
    const names: string[] = [];
    let next: string | undefined = '/wiki/api/v2/spaces?sort=-name&limit=4';
    while (next !== undefined) {
      const page = await call('GET', next);
      names.push(...results(page).map((space) => String(space.name)));
      next = links(page).next as string | undefined;
    }
    assert.equal(names.length, emulator.state.spaces.size);
    assert.deepEqual(names, [...names].sort().reverse());
  });

  test('permissions page by cursor and list every user and group row of the space', async () => {
    const space = [...emulator.state.spaces.values()].sort(
      (a, b) => b.permissions.length - a.permissions.length,
    )[0];
    assert.ok(space !== undefined);
    const rows: Json[] = [];
    let path: string | null = `/wiki/api/v2/spaces/${space.id}/permissions?limit=7`;
    while (path !== null) {
      const answer = await call('GET', path);
      assert.equal(answer.status, 200);
      rows.push(...results(answer));
      path = (links(answer).next as string | undefined) ?? null;
    }
    const expected = space.permissions.filter((p) => p.principal.type !== 'anonymous');
    assert.deepEqual(
      rows.map((r) => r.id),
      expected.map((p) => String(p.id)),
    );
    assert.ok(rows.every((r) => ['user', 'group'].includes((r.principal as Json).type as string)));
  });
});

describe('auth', () => {
  test('missing, wrong and revoked credentials are 401 with each generation’s body', async () => {
    const noAuth = await call('GET', '/wiki/api/v2/spaces', undefined, { auth: null });
    assert.equal(noAuth.status, 401);
    assert.equal((noAuth.body as { errors: Json[] }).errors[0]?.status, 401);
    const wrong = await call('GET', '/wiki/rest/api/space', undefined, {
      auth: `Basic ${Buffer.from(`${emulator.connectorConfig().site.email}:nope`).toString('base64')}`,
    });
    assert.equal(wrong.status, 401);
    assert.equal((wrong.body as Json).statusCode, 401);
    emulator.state.credentials.revoked.add('site');
    try {
      assert.equal((await call('GET', '/wiki/rest/api/space')).status, 401);
    } finally {
      emulator.state.credentials.revoked.delete('site');
    }
    assert.equal((await call('GET', '/wiki/rest/api/space')).status, 200);
  });
});
