import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ApiClient,
  adminClient,
  confluenceClient,
  type Json,
  scimClient,
} from '../helpers/emulator-client.ts';
import { control, useEmulator } from '../helpers/emulator-site.ts';
import { grant } from '../helpers/space-permissions.ts';

interface Counters {
  total: number;
  endpoints: Record<string, number>;
}

/**
 * The `large` profile (about 100,000 accounts, 2,000 groups, 10,000 spaces) served through paged
 * listings, with the request counters and the write log checked against what the test did.
 */
describe('emulator on the large profile', () => {
  const emulator = useEmulator({ size: 'large', seed: 1 });
  const confluence = confluenceClient(emulator);
  const scim = scimClient(emulator);
  const admin = adminClient(emulator);

  /** One page of a listing, which must be a 200. */
  async function page(client: ApiClient, path: string): Promise<Json> {
    const reply = await client('GET', path);
    assert.equal(reply.status, 200, path);
    return reply.body;
  }

  async function counters(): Promise<Counters> {
    return (await (await control(emulator, 'GET', '/counters')).json()) as Counters;
  }

  test('every space through v2 cursor pages, every directory user through SCIM pages', async () => {
    await control(emulator, 'DELETE', '/counters');
    const spaceIds = new Set<string>();
    let next: string | undefined = '/wiki/api/v2/spaces?limit=250';
    let spacePages = 0;
    while (next !== undefined) {
      const body = (await page(confluence, next)) as {
        results: Array<{ id: string }>;
        _links: { next?: string };
      };
      for (const space of body.results) spaceIds.add(space.id);
      spacePages++;
      next = body._links.next === undefined ? undefined : `/wiki${body._links.next.replace(/^\/wiki/, '')}`;
    }
    assert.equal(spaceIds.size, 10_000);
    assert.equal(spaceIds.size, emulator.state.spaces.size);

    const scimIds = new Set<string>();
    let scimPages = 0;
    for (let startIndex = 1; ; startIndex += 100) {
      const body = (await page(scim, `/Users?startIndex=${startIndex}&count=100`)) as {
        totalResults: number;
        Resources: Array<{ id: string }>;
      };
      scimPages++;
      for (const user of body.Resources) scimIds.add(user.id);
      if (startIndex + 100 > body.totalResults) break;
    }
    const inDirectory = [...emulator.state.accounts.values()].filter((a) => a.scim !== null).length;
    assert.ok(inDirectory > 90_000, `${inDirectory}`);
    assert.equal(scimIds.size, inDirectory);

    const seen = await counters();
    assert.equal(seen.endpoints['GET /wiki/api/v2/spaces'], spacePages);
    assert.equal(seen.endpoints['GET /scim/directory/:directoryId/Users'], scimPages);
    assert.equal(seen.total, spacePages + scimPages);
  });

  test('every managed account through the admin API cursor pages', async () => {
    const orgId = emulator.state.site.orgId;
    const accountIds = new Set<string>();
    let next: string | undefined = `/admin/v1/orgs/${orgId}/users`;
    while (next !== undefined) {
      const body = (await page(admin, next)) as {
        data: Array<{ account_id: string }>;
        links?: { next?: string };
      };
      for (const user of body.data) accountIds.add(user.account_id);
      next = body.links?.next?.slice(emulator.url.length);
    }
    const managed = [...emulator.state.accounts.values()].filter((a) => a.managed).length;
    assert.equal(accountIds.size, managed);
  });

  test('the write log names exactly the account a permission grant touched', async () => {
    const state = emulator.state;
    const space = state.spaces.get(state.spaceOrder[500] ?? -1);
    assert.ok(space !== undefined);
    const holders = new Set(
      space.permissions.map((p) => (p.principal.type === 'user' ? p.principal.id : '')),
    );
    const person = [...state.accounts.values()].find(
      (a) =>
        a.accountType === 'atlassian' &&
        state.hasProduct(a.accountId, 'confluence') &&
        !holders.has(a.accountId),
    );
    assert.ok(person !== undefined);
    const sinceSeq = state.writeLog.at(-1)?.seq ?? 0;
    const response = await confluence(
      'POST',
      `/wiki/rest/api/space/${encodeURIComponent(space.key)}/permission`,
      grant('user', person.accountId, 'read', 'space'),
    );
    assert.equal(response.status, 200);
    const log = (await (await control(emulator, 'GET', `/writes?since=${sinceSeq}`)).json()) as {
      entries: Array<{ operation: string; accountIds: string[]; api: string }>;
    };
    assert.deepEqual(
      log.entries.map((e) => [e.api, e.operation, e.accountIds]),
      [['confluence', 'space.permission.add', [person.accountId]]],
    );
  });
});
