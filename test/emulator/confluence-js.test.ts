import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useEmulator } from '../helpers/emulator-site.ts';

// Strict schemas record undocumented keys only when this is set before confluence.js is first imported.
process.env.AUDIT_SCHEMAS = 'true';
const confluence = await import('confluence.js');
const { createClient } = await import('confluence.js/core');
const v1Models = await import('confluence.js/v1');

type Drift = { kind: string; endpoint: string; path: string; keys?: string[] };
const AUDIT = Symbol.for('apis-code-gen.schemaAudit');

/** What confluence.js recorded as drift from Atlassian's schemas since the audit began. */
function drift(): Drift[] {
  return ((globalThis as Record<symbol, unknown>)[AUDIT] as Drift[] | undefined) ?? [];
}

const emulator = useEmulator({ size: 'small', seed: 5 });
let v1: ReturnType<typeof confluence.createV1Client>;
let v2: ReturnType<typeof confluence.createV2Client>;
let raw: ReturnType<typeof createClient>;

after(() => {
  assert.deepEqual(drift(), [], 'confluence.js saw no undocumented keys or values');
});

describe('confluence.js drives the emulated Confluence Cloud', () => {
  before(() => {
    const { url, email, apiToken } = emulator.connectorConfig().site;
    const config = { host: url, auth: { type: 'basic' as const, email, apiToken } };
    v1 = confluence.createV1Client(config);
    v2 = confluence.createV2Client(config);
    raw = createClient(config);
  });

  test('v2 spaces and permission assignments page by cursor with no schema mismatch', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await v2.space.getSpaces({ limit: 6, ...(cursor === undefined ? {} : { cursor }) });
      ids.push(...(page.results ?? []).map((space) => space.id ?? ''));
      const next = page._links?.next;
      cursor =
        next === undefined ? undefined : (new URLSearchParams(next.split('?')[1]).get('cursor') ?? undefined);
    } while (cursor !== undefined);
    assert.deepEqual(ids, emulator.state.spaceOrder.map(String));
    const first = emulator.state.spaceOrder[0] ?? 0;
    const one = await v2.space.getSpaceById({
      id: first,
      descriptionFormat: 'plain',
      includePermissions: true,
    });
    assert.equal(one.id, String(first));
    const permissions = await v2.spacePermissions.getSpacePermissionsAssignments({ id: first, limit: 250 });
    assert.ok((permissions.results ?? []).length > 0);
    assert.deepEqual(drift(), []);
  });

  test('v1 spaces with expand=permissions match the SpaceArray schema', async () => {
    const page = await raw.sendRequest({
      url: '/wiki/rest/api/space',
      searchParams: { expand: 'permissions', limit: 5 },
      schema: v1Models.SpaceArraySchema,
    });
    assert.equal(page.results.length, 5);
    assert.ok((page.results[0]?.permissions ?? []).length > 0);
    assert.deepEqual(drift(), []);
  });

  test('v1 space permissions are added and removed', async () => {
    const space = [...emulator.state.spaces.values()].find((s) => s.type === 'global');
    const group = emulator.state.groupByGroupName('site-admins');
    assert.ok(space !== undefined && group !== undefined);
    const added = await v1.spacePermissions.addPermissionToSpace({
      spaceKey: space.key,
      subject: { type: 'group', identifier: group.name },
      operation: { key: 'read', target: 'space' },
    });
    assert.equal(typeof added.id, 'number');
    await v1.spacePermissions.removePermission({ spaceKey: space.key, id: added.id });
    assert.equal(emulator.state.permission(added.id), undefined);
    assert.deepEqual(drift(), []);
  });

  test('v1 groups: list, members, add and remove a member', async () => {
    const groups = await v1.group.getGroups({ accessType: 'user' });
    const group = groups.results.find((g) => g.name === emulator.state.defaultGroupName('user'));
    assert.ok(group !== undefined);
    const members = await v1.group.getGroupMembersByGroupId({
      groupId: group.id,
      limit: 200,
      shouldReturnTotalSize: true,
    });
    assert.equal(
      members.results.length,
      Math.min(200, emulator.state.groups.get(group.id)?.members.size ?? 0),
    );
    const picked = await v1.group.searchGroups({ query: 'confluence' });
    assert.ok(picked.results.length > 0);
    const outsider = emulator.state.accountOrder.find(
      (id) => !emulator.state.groups.get(group.id)?.members.has(id),
    );
    assert.ok(outsider !== undefined);
    await v1.group.addUserToGroupByGroupId({ groupId: group.id, accountId: outsider });
    assert.ok(emulator.state.groups.get(group.id)?.members.has(outsider));
    await v1.group.removeMemberFromGroupByGroupId({ groupId: group.id, accountId: outsider });
    assert.equal(emulator.state.groups.get(group.id)?.members.has(outsider), false);
    const byId = await v1.group.getGroupByGroupId({ id: group.id });
    assert.equal(byId.name, group.name);
    assert.deepEqual(drift(), []);
  });

  test('errors reach the client as its typed errors: not found, bad request, bad credentials', async () => {
    await assert.rejects(v2.space.getSpaceById({ id: 1 }), confluence.NotFoundError);
    await assert.rejects(v1.users.getUser({ accountId: 'nobody' }), confluence.NotFoundError);
    await assert.rejects(v1.search.searchUser({ cql: 'space = DEV' }), confluence.ApiError);
    const { url, email } = emulator.connectorConfig().site;
    const stranger = confluence.createV2Client({
      host: url,
      auth: { type: 'basic', email, apiToken: 'wrong' },
    });
    await assert.rejects(stranger.space.getSpaces(), confluence.AuthError);
  });

  test('v1 and v2 users: one, current, bulk, memberof, CQL search, users-bulk', async () => {
    const [a, b] = emulator.state.accountOrder;
    assert.ok(a !== undefined && b !== undefined);
    const user = await v1.users.getUser({ accountId: a });
    assert.equal(user.accountId, a);
    const current = await v1.users.getCurrentUser();
    assert.equal(current.email, emulator.connectorConfig().site.email);
    const bulk = await v1.users.getBulkUserLookup({ accountId: `${a},${b}` });
    assert.equal(bulk.results.length, 2);
    const groups = await v1.users.getGroupMembershipsForUser({ accountId: a });
    assert.ok(groups.results.length > 0);
    const search = await v1.search.searchUser({
      cql: 'type=user',
      limit: 10,
      sitePermissionTypeFilter: 'all',
    });
    assert.equal(search.results.length, 10);
    const lookup = await v2.user.createBulkUserLookup({ body: { accountIds: [a, b] } });
    assert.ok(lookup !== undefined);
    assert.deepEqual(drift(), []);
  });
});
