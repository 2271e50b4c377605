import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';

interface Counters {
  total: number;
  endpoints: Record<string, number>;
}

/**
 * The `large` profile (about 100,000 accounts, 2,000 groups, 10,000 spaces) served through paged
 * listings, with the request counters and the write log checked against what the test did.
 */
describe('emulator on the large profile', () => {
  let emulator: RunningEmulator;
  let basic: string;
  let scimAuth: string;
  let adminAuth: string;

  before(async () => {
    emulator = await startEmulator({ size: 'large', seed: 1 });
    const config = emulator.connectorConfig();
    basic = `Basic ${Buffer.from(`${config.site.email}:${config.site.apiToken}`).toString('base64')}`;
    scimAuth = `Bearer ${config.scim.apiKey}`;
    adminAuth = `Bearer ${config.admin.apiKey}`;
  });
  after(async () => {
    await emulator.close();
  });

  async function getJson(url: string, authorization: string): Promise<{ body: unknown; headers: Headers }> {
    const response = await fetch(url.startsWith('http') ? url : `${emulator.url}${url}`, {
      headers: { authorization },
    });
    assert.equal(response.status, 200, url);
    return { body: await response.json(), headers: response.headers };
  }

  async function counters(): Promise<Counters> {
    return (await (await fetch(`${emulator.url}/_emulator/counters`)).json()) as Counters;
  }

  test('every space through v2 cursor pages, every directory user through SCIM pages', async () => {
    await fetch(`${emulator.url}/_emulator/counters`, { method: 'DELETE' });
    const spaceIds = new Set<string>();
    let next: string | undefined = '/wiki/api/v2/spaces?limit=250';
    let spacePages = 0;
    while (next !== undefined) {
      const { body } = await getJson(next, basic);
      const page = body as { results: Array<{ id: string }>; _links: { next?: string } };
      for (const space of page.results) spaceIds.add(space.id);
      spacePages++;
      next = page._links.next === undefined ? undefined : `/wiki${page._links.next.replace(/^\/wiki/, '')}`;
    }
    assert.equal(spaceIds.size, 10_000);
    assert.equal(spaceIds.size, emulator.state.spaces.size);

    const directory = emulator.state.site.directoryId;
    const scimIds = new Set<string>();
    let scimPages = 0;
    for (let startIndex = 1; ; startIndex += 100) {
      const { body } = await getJson(
        `/scim/directory/${directory}/Users?startIndex=${startIndex}&count=100`,
        scimAuth,
      );
      const page = body as { totalResults: number; Resources: Array<{ id: string }> };
      scimPages++;
      for (const user of page.Resources) scimIds.add(user.id);
      if (startIndex + 100 > page.totalResults) break;
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
      const { body } = await getJson(next, adminAuth);
      const page = body as { data: Array<{ account_id: string }>; links?: { next?: string } };
      for (const user of page.data) accountIds.add(user.account_id);
      next = page.links?.next;
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
    const response = await fetch(
      `${emulator.url}/wiki/rest/api/space/${encodeURIComponent(space.key)}/permission`,
      {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: { type: 'user', identifier: person.accountId },
          operation: { key: 'read', target: 'space' },
        }),
      },
    );
    assert.equal(response.status, 200);
    const log = (await (await fetch(`${emulator.url}/_emulator/writes?since=${sinceSeq}`)).json()) as {
      entries: Array<{ operation: string; accountIds: string[]; api: string }>;
    };
    assert.deepEqual(
      log.entries.map((e) => [e.api, e.operation, e.accountIds]),
      [['confluence', 'space.permission.add', [person.accountId]]],
    );
  });
});
