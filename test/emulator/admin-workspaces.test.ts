import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCode } from '../helpers/admin-bodies.ts';
import { adminClient } from '../helpers/emulator-client.ts';
import { useEmulator } from '../helpers/emulator-site.ts';

const emulator = useEmulator({ size: 'small', seed: 9 });
const call = adminClient(emulator);

type Workspaces = {
  data: Array<{ id: string; type: string; attributes: { type: string; hostUrl: string } }>;
  links: { next?: string };
  meta: { total: number };
};

describe('emulated organization admin API: domains and workspaces', () => {
  test('the verified domain is listed and readable by id; an unknown id is ADMIN-404-3', async () => {
    const { orgId, domain } = emulator.state.site;
    const list = (await call('GET', `/admin/v1/orgs/${orgId}/domains`)).body as {
      data: Array<{ id: string; attributes: { name: string; claim: { status: string } } }>;
    };
    assert.equal(list.data.length, 1);
    const [first] = list.data;
    assert.ok(first);
    assert.deepEqual([first.attributes.name, first.attributes.claim.status], [domain, 'verified']);
    const one = await call('GET', `/admin/v1/orgs/${orgId}/domains/${first.id}`);
    assert.equal((one.body as { data: { id: string } }).data.id, first.id);
    const missing = await call('GET', `/admin/v1/orgs/${orgId}/domains/nope`);
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'ADMIN-404-3');
  });

  test('the Confluence workspace id is the resource id the v2 group filters accept', async () => {
    const { orgId, directoryId } = emulator.state.site;
    const reply = await call('POST', `/admin/v2/orgs/${orgId}/workspaces`, {
      query: { and: [{ field: { name: 'attributes.type', values: ['confluence'] } }] },
    });
    const workspaces = reply.body as Workspaces;
    assert.equal(workspaces.data.length, 1);
    const [confluence] = workspaces.data;
    assert.ok(confluence);
    assert.equal(confluence.attributes.hostUrl, 'acme.atlassian.net');
    const groups = await call('POST', `/admin/v2/orgs/${orgId}/directories/${directoryId}/groups/search`, {
      resourceIds: [confluence.id],
      roleIds: ['atlassian/user'],
    });
    const ids = (groups.body as { data: Array<{ id: string }> }).data.map((g) => g.id);
    assert.ok(
      ids.includes(emulator.state.groupByGroupName(emulator.state.defaultGroupName('user'))?.id ?? ''),
    );
  });

  test('workspace pages continue with a cursor that must come alone', async () => {
    const path = `/admin/v2/orgs/${emulator.state.site.orgId}/workspaces`;
    const first = (await call('POST', path, { limit: 1 })).body as Workspaces;
    assert.ok(first.meta.total >= 2, 'the seed runs Confluence and Jira');
    const seen = [...first.data.map((w) => w.attributes.type)];
    let next = first.links.next;
    while (next !== undefined) {
      const page = (await call('POST', path, { cursor: next })).body as Workspaces;
      seen.push(...page.data.map((w) => w.attributes.type));
      next = page.links.next;
    }
    assert.equal(seen.length, first.meta.total);
    assert.ok(seen.includes('confluence'));
    const named = (await call('POST', path, { query: { searchWorkspaces: 'acme.atlassian' } }))
      .body as Workspaces;
    assert.equal(named.meta.total, first.meta.total);
    const none = (await call('POST', path, { query: { value: 'elsewhere' } })).body as Workspaces;
    assert.equal(none.meta.total, 0);
    const mixed = await call('POST', path, { cursor: first.links.next, limit: 5 });
    assert.equal(mixed.status, 400);
    const bogus = await call('POST', path, { cursor: 'not-a-cursor' });
    assert.equal(bogus.status, 400);
  });
});
