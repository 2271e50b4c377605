// The same job written the straightforward way: confluence.js for Confluence (v1 groups and
// members, CQL guest search, v2 spaces, permissions and users-bulk), fetch for SCIM; page by page,
// one request at a time, everything gathered in memory and joined at the end.
import { createV1Client, createV2Client } from 'confluence.js';
import { measure, readConfig } from './measure.ts';

interface Config {
  site: { url: string; email: string; apiToken: string };
  scim: { url: string; directoryId: string; apiKey: string };
}

const config = (await readConfig(process.argv[2])) as unknown as Config;
let calls = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  calls++;
  return realFetch(input, init);
};

const OPTIONS: Record<string, string> = {
  'read/space': 'view',
  'delete/space': 'delete_own',
  'create/page': 'add_page',
  'archive/page': 'archive_page',
  'delete/page': 'delete_page',
  'create/blogpost': 'add_blog',
  'delete/blogpost': 'delete_blog',
  'create/comment': 'add_comment',
  'delete/comment': 'delete_comment',
  'create/attachment': 'add_attachment',
  'delete/attachment': 'delete_attachment',
  'restrict_content/space': 'restrictions',
  'export/space': 'export_space',
  'administer/space': 'admin',
};

const cursorOf = (next: string | undefined) =>
  next === undefined ? undefined : (new URLSearchParams(next.split('?')[1]).get('cursor') ?? undefined);

await measure('confluence.js script', async () => {
  const site = {
    host: config.site.url,
    auth: { type: 'basic' as const, email: config.site.email, apiToken: config.site.apiToken },
  };
  const v1 = createV1Client(site);
  const v2 = createV2Client(site);
  const groupsOf = new Map<string, string[]>();
  for (const accessType of ['admin', 'user'] as const) {
    for (let start = 0; ; start += 200) {
      const page = await v1.group.getGroups({ accessType, start, limit: 200 });
      for (const group of page.results ?? []) {
        for (let from = 0; ; from += 200) {
          const members = await v1.group.getGroupMembersByGroupId({
            groupId: group.id ?? '',
            start: from,
            limit: 200,
          });
          for (const user of members.results ?? []) {
            const id = user.accountId;
            if (user.accountType !== 'atlassian' || typeof id !== 'string') continue;
            const held = groupsOf.get(id) ?? [];
            if (!held.includes(group.id ?? '')) held.push(group.id ?? '');
            groupsOf.set(id, held);
          }
          if ((members.results ?? []).length < 200) break;
        }
      }
      if ((page.results ?? []).length < 200) break;
    }
  }
  for (let start = 0; ; start += 200) {
    const page = await v1.search.searchUser({
      cql: 'type=user',
      sitePermissionTypeFilter: 'externalCollaborator',
      start,
      limit: 200,
    });
    for (const result of page.results ?? []) {
      const id = result.user?.accountId;
      if (typeof id === 'string' && !groupsOf.has(id)) groupsOf.set(id, []);
    }
    if ((page.results ?? []).length < 200) break;
  }
  const direct = new Map<string, string[]>();
  let cursor: string | undefined;
  do {
    const spaces = await v2.space.getSpaces({ limit: 250, ...(cursor === undefined ? {} : { cursor }) });
    for (const space of spaces.results ?? []) {
      let permissionCursor: string | undefined;
      do {
        const rows = await v2.spacePermissions.getSpacePermissionsAssignments({
          id: Number(space.id),
          limit: 250,
          ...(permissionCursor === undefined ? {} : { cursor: permissionCursor }),
        });
        for (const row of rows.results ?? []) {
          const option = OPTIONS[`${row.operation?.key}/${row.operation?.targetType}`];
          if (row.principal?.type !== 'user' || option === undefined) continue;
          const list = direct.get(row.principal.id ?? '') ?? [];
          list.push(`${space.key}:${option}`);
          direct.set(row.principal.id ?? '', list);
        }
        permissionCursor = cursorOf(rows._links?.next);
      } while (permissionCursor !== undefined);
    }
    cursor = cursorOf(spaces._links?.next);
  } while (cursor !== undefined);
  const scim = new Map<string, unknown>();
  const scimBase = `${config.scim.url}/scim/directory/${config.scim.directoryId}/Users`;
  for (let startIndex = 1; ; startIndex += 100) {
    const response = await fetch(`${scimBase}?startIndex=${startIndex}&count=100`, {
      headers: { authorization: `Bearer ${config.scim.apiKey}` },
    });
    const page = (await response.json()) as {
      Resources: Array<Record<string, unknown>>;
      totalResults: number;
    };
    for (const user of page.Resources) {
      const link = user['urn:scim:schemas:extension:atlassian-external:1.0'] as
        | { atlassianAccountId?: string }
        | undefined;
      if (link?.atlassianAccountId !== undefined) scim.set(link.atlassianAccountId, user);
    }
    if (startIndex + 100 > page.totalResults) break;
  }
  const ids = [...groupsOf.keys()];
  const accounts: Array<Record<string, unknown>> = [];
  for (let at = 0; at < ids.length; at += 250) {
    const users = await v2.user.createBulkUserLookup({ body: { accountIds: ids.slice(at, at + 250) } });
    for (const user of users.results ?? []) {
      if (user.accountType !== 'atlassian') continue;
      const id = user.accountId ?? '';
      accounts.push({
        ...user,
        groups: groupsOf.get(id),
        spacePermissions: direct.get(id) ?? [],
        scim: scim.get(id),
      });
    }
  }
  return {
    accounts: accounts.length,
    accountsWithDirectPermissions: accounts.filter(
      (account) => (account.spacePermissions as string[]).length > 0,
    ).length,
    clientCalls: calls,
  };
});
