import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { startDemoServer } from './demo-server.ts';

let running: RunningSpacegate;
const get = async (path: string) => {
  const response = await fetch(`${running.url}${path}`, {
    headers: { authorization: `Bearer ${running.demoToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

before(async () => {
  running = await startDemoServer();
});
after(() => running.close());

describe('API lists page by cursor, and name a bad parameter with 400', () => {
  test('accounts walk by cursor in the asked order, every account once, matching the count', async () => {
    const counted = await get('/api/v1/accounts?limit=1&total=true');
    const total = Number(counted.body.total);
    assert.ok(total > 7, `enough accounts to page (${total})`);
    const seen: Array<{ key: string; email: string }> = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/api/v1/accounts?limit=7&sort=email${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      assert.equal(page.status, 200);
      const items = page.body.items as Array<{ key: string; email: string }>;
      assert.ok(items.length <= 7);
      seen.push(...items);
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen.map((a) => a.key)).size, total, 'no account twice');
    const emails = seen.map((a) => a.email);
    assert.deepEqual(emails, [...emails].sort(), 'in email order');
  });

  test('catalog, entitlements, identities and accounts take sort and direction, and page on in that order', async () => {
    const lists: Array<[string, (item: Record<string, string>) => string]> = [
      ['/api/v1/catalog?sort=name&direction=desc', (i) => i.name ?? ''],
      ['/api/v1/entitlements?sort=key', (i) => i.key ?? ''],
      ['/api/v1/identities?sort=email&direction=desc', (i) => i.email?.toLowerCase() ?? ''],
      ['/api/v1/accounts?sort=email&direction=desc', (i) => i.email ?? ''],
    ];
    for (const [path, key] of lists) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`${path}&limit=5${cursor === null ? '' : `&cursor=${cursor}`}`);
        assert.equal(page.status, 200, path);
        seen.push(...(page.body.items as Array<Record<string, string>>).map(key));
        cursor = page.body.nextCursor as string | null;
      } while (cursor !== null);
      assert.ok(seen.length > 5, `${path}: more than a page`);
      const sorted = [...seen].sort();
      assert.deepEqual(seen, path.includes('direction=desc') ? sorted.reverse() : sorted, path);
    }
  });

  test('filters narrow the list in the store: orphans only, guests only', async () => {
    const orphans = await get('/api/v1/accounts?orphans=true&limit=200');
    const items = orphans.body.items as Array<{ identityId: string | null }>;
    assert.ok(items.length > 0);
    assert.ok(items.every((a) => a.identityId === null));
    const guests = await get('/api/v1/accounts?guest=true&limit=200&total=true');
    const all = await get('/api/v1/accounts?limit=1&total=true');
    assert.ok(Number(guests.body.total) < Number(all.body.total));
  });

  test('bad limit, sort, filter or cursor values are 400 with the parameter named, never a 500', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/accounts?limit=0', 'query.limit'],
      ['/api/v1/accounts?limit=201', 'query.limit'],
      ['/api/v1/accounts?limit=ten', 'query.limit'],
      ['/api/v1/accounts?sort=age', 'query.sort'],
      ['/api/v1/accounts?status=gone', 'query.status'],
      ['/api/v1/accounts?cursor=not%20a%20cursor', 'query.cursor'],
      ['/api/v1/audit?since=yesterday', 'query.since'],
      ['/api/v1/requests?status=open', 'query.status'],
      ['/api/v1/catalog?limit=-1', 'query.limit'],
      ['/api/v1/catalog?sort=price', 'query.sort'],
      ['/api/v1/identities?sort=name&direction=up', 'query.direction'],
      ['/api/v1/entitlements?sort=holders', 'query.sort'],
      ['/api/v1/approvals?sort=age', 'query.sort'],
    ];
    for (const [path, named] of cases) {
      const { status, body } = await get(path);
      assert.equal(status, 400, path);
      assert.equal(body.code, 'api.invalid_input', path);
      assert.match(String(body.message), new RegExp(named.replace('.', '\\.')), path);
    }
    const foreign = Buffer.from('["accounts.email","x","y"]').toString('base64url');
    const refused = await get(`/api/v1/accounts?sort=name&cursor=${foreign}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'page.invalid_cursor');
  });

  test("identities and a group's members page by cursor over the API, each once", async () => {
    const walk = async (path: string, pick: (body: Record<string, unknown>) => Record<string, unknown>) => {
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(
          `${path}${path.includes('?') ? '&' : '?'}limit=5${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        assert.equal(page.status, 200, path);
        const body = pick(page.body);
        keys.push(...(body.items as Array<{ id?: string; key?: string }>).map((i) => i.id ?? i.key ?? ''));
        cursor = body.nextCursor as string | null;
      } while (cursor !== null);
      return keys;
    };
    const identities = await walk('/api/v1/identities', (b) => b);
    const stored = await running.runtime.store.transaction((tx) => tx.identities.list());
    assert.deepEqual([...identities].sort(), stored.map((i) => i.id).sort());
    const group = await running.runtime.store.transaction((tx) =>
      tx.entitlements.page({ limit: 1, type: 'group' }),
    );
    const groupId = group.items[0]?.key ?? '';
    const members = await walk(
      `/api/v1/entitlements/group/${encodeURIComponent(groupId)}/holders`,
      (b) => b.accounts as Record<string, unknown>,
    );
    const held = await running.runtime.store.transaction((tx) =>
      tx.assignments.holders({ limit: 1, kind: 'group', groupId, withTotal: true }),
    );
    assert.equal(members.length, held.total);
    assert.equal(new Set(members).size, members.length);
  });

  test("an account's effective access: the first page with the account, the rest by cursor, one space alone", async () => {
    const accounts = (await get('/api/v1/accounts?limit=200')).body.items as Array<{ key: string }>;
    let chosen: { key: string; rows: number } | undefined;
    for (const { key } of accounts) {
      const one = await get(`/api/v1/accounts/${encodeURIComponent(key)}`);
      const rows = (one.body.accessTotals as { rows: number }).rows;
      if (rows > 3 && (chosen === undefined || rows > chosen.rows)) chosen = { key, rows };
    }
    assert.ok(chosen, 'an account with more than three rows of access');
    const path = `/api/v1/accounts/${encodeURIComponent(chosen.key)}`;
    const first = await get(path);
    const seen: Array<{ kind: string; value: string; via: string }> = [];
    let cursor: string | null = null;
    do {
      const page = await get(`${path}/access?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      assert.equal(page.status, 200);
      seen.push(...(page.body.items as typeof seen));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null);
    assert.equal(seen.length, chosen.rows, 'every row once, as the totals count them');
    assert.deepEqual(first.body.access, seen.slice(0, (first.body.access as unknown[]).length));
    const space = seen.find((r) => r.kind === 'space')?.value ?? '';
    const key = space.slice(0, space.lastIndexOf(':'));
    const inSpace = await get(`${path}/access?limit=200&item=${encodeURIComponent(`space:${key}`)}`);
    assert.deepEqual(
      inSpace.body.items,
      seen.filter((r) => r.kind === 'space' && r.value.startsWith(`${key}:`)),
    );
    const badItem = await get(`${path}/access?item=group:`);
    assert.equal(badItem.status, 400);
    assert.match(String(badItem.body.message), /group id is empty/);
    const badCursor = await get(
      `${path}/access?cursor=${encodeURIComponent(String(first.body.accessNextCursor ?? 'eHl6'))}x`,
    );
    assert.equal(badCursor.status, 400);
    assert.equal((await get('/api/v1/accounts/nobody/access')).status, 404);
  });

  test('a body field the route does not know is refused by name, and nothing is created', async () => {
    const before = await get('/api/v1/requests?limit=1&total=true');
    const response = await fetch(`${running.url}/api/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
      // `beneficiaryId` is not a field (the API takes `beneficiaryEmail`): it must not become a request for the caller.
      body: JSON.stringify({ itemId: 'space:X', beneficiaryId: 'E2', justification: 'for my report' }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(body.code, 'api.invalid_input');
    assert.match(body.message, /beneficiaryId/);
    assert.equal((await get('/api/v1/requests?limit=1&total=true')).body.total, before.body.total);
    const document = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        {
          post?: {
            requestBody?: { content: Record<string, { schema: { additionalProperties?: unknown } }> };
          };
        }
      >;
    };
    const schema = document.paths['/api/v1/requests']?.post?.requestBody?.content['application/json']?.schema;
    assert.equal(schema?.additionalProperties, false, 'the OpenAPI document says so too');
  });

  test('the audit log pages newest first without gaps between pages', async () => {
    const first = await get('/api/v1/audit?limit=5');
    const second = await get(`/api/v1/audit?limit=5&cursor=${first.body.nextCursor}`);
    const seqs = [
      ...(first.body.items as Array<{ seq: number }>),
      ...(second.body.items as Array<{ seq: number }>),
    ].map((e) => e.seq);
    assert.equal(seqs.length, 10);
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], (seqs[i - 1] ?? 0) - 1);
  });
});
