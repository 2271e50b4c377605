// The Data Center aggregation as one would write it by hand with plain `fetch`: the same sources as
// the connector (access-group members, getActiveUsers, a permission listing per space, one
// getUserByKey per account for the email), one request at a time, everything gathered in maps.
import { measure, readConfig } from './measure.ts';

type Config = {
  baseUrl: string;
  version: string;
  accessGroups?: string[];
  auth: { type: 'basic'; username: string; password: string } | { type: 'pat'; token: string };
};
const config = (await readConfig(process.argv[2])) as unknown as Config;
const authorization =
  config.auth.type === 'basic'
    ? `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64')}`
    : `Bearer ${config.auth.token}`;
let calls = 0;

async function get<T>(path: string): Promise<T> {
  calls++;
  const response = await fetch(`${config.baseUrl}${path}`, {
    headers: { authorization, accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  calls++;
  const response = await fetch(`${config.baseUrl}/rpc/json-rpc/confluenceservice-v2`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: calls }),
  });
  return ((await response.json()) as { result: T }).result;
}

async function* paged<T>(path: string): AsyncGenerator<T> {
  let next: string | undefined = path;
  while (next !== undefined) {
    const page: { results: T[]; _links: { next?: string } } = await get(next);
    yield* page.results;
    next = page._links.next;
  }
}

type Person = { username: string; userKey: string; displayName: string; status?: string };

await measure('fetch script (Data Center)', async () => {
  const users = new Map<string, Person & { groups: string[]; direct: string[] }>();
  for (const group of config.accessGroups ?? ['confluence-users', 'confluence-administrators']) {
    for await (const person of paged<Person>(
      `/rest/api/group/${encodeURIComponent(group)}/member?expand=status&limit=200`,
    )) {
      const user = users.get(person.userKey) ?? { ...person, groups: [], direct: [] };
      user.groups.push(group);
      users.set(person.userKey, user);
    }
  }
  const known = new Set([...users.values()].map((u) => u.username));
  for (const username of await rpc<string[]>('getActiveUsers', [false])) {
    if (known.has(username)) continue;
    const person = await get<Person>(`/rest/api/user?username=${encodeURIComponent(username)}&expand=status`);
    users.set(person.userKey, { ...person, groups: [], direct: [] });
  }
  const byName = new Map([...users.values()].map((u) => [u.username, u]));
  const rest = Number(config.version.split('.')[0]) * 100 + Number(config.version.split('.')[1]) >= 901;
  for await (const space of paged<{ key: string }>('/rest/api/space?limit=100')) {
    if (rest) {
      const rows = await get<
        Array<{ operation: { operationKey: string }; subject: { type: string; userKey?: string } }>
      >(`/rest/api/space/${space.key}/permissions`);
      for (const row of rows)
        if (row.subject.type === 'user')
          users.get(row.subject.userKey ?? '')?.direct.push(`${space.key}:${row.operation.operationKey}`);
    } else {
      const sets = await rpc<Array<{ type: string; spacePermissions: Array<{ userName: string | null }> }>>(
        'getSpacePermissionSets',
        [space.key],
      );
      for (const set of sets)
        for (const row of set.spacePermissions)
          if (row.userName !== null) byName.get(row.userName)?.direct.push(`${space.key}:${set.type}`);
    }
  }
  let accountsWithDirectPermissions = 0;
  const emails = new Map<string, string>();
  for (const user of users.values()) {
    const remote = await rpc<{ email: string }>('getUserByKey', [user.userKey]);
    emails.set(user.userKey, remote.email);
    if (user.direct.length > 0) accountsWithDirectPermissions++;
  }
  return { accounts: users.size, accountsWithDirectPermissions, clientCalls: calls };
});
