import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { GROUP_SCHEMA, type ScimJson } from './schemas.ts';
import type { DirectoryUrls } from './user-resource.ts';

/**
 * A directory group as Atlassian returns it (the spec's PATCH example): members are the SCIM
 * users of the group (`type: "User"`, the SCIM user id, the email as `display`, `$ref`), and
 * `meta.resourceType` is `"Group"`. Members outside the SCIM directory are not shown; `withMembers`
 * false leaves them out altogether (for `excludedAttributes=members`, which IdPs send on every sync).
 */
export function groupResource(
  state: SiteState,
  group: Group,
  urls: DirectoryUrls,
  withMembers = true,
): ScimJson {
  const scimId = group.scimId;
  if (scimId === null) throw new Error(`group ${group.id} is not in the SCIM directory`);
  const members: ScimJson[] = [];
  for (const accountId of withMembers ? group.members : []) {
    const account = state.accounts.get(accountId);
    const userId = account?.scim?.id;
    if (account !== undefined && userId !== undefined)
      members.push({ type: 'User', value: userId, display: account.email, $ref: urls.user(userId) });
  }
  return {
    schemas: [GROUP_SCHEMA],
    id: scimId,
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    displayName: group.name,
    ...(withMembers ? { members } : {}),
    meta: {
      resourceType: 'Group',
      location: urls.group(scimId),
      lastModified: group.updatedAt,
      created: group.createdAt,
    },
  };
}

/** The SCIM user ids of a group's directory members. */
export function memberUserIds(state: SiteState, group: Group): Set<string> {
  const ids = new Set<string>();
  for (const accountId of group.members) {
    const userId = state.accounts.get(accountId)?.scim?.id;
    if (userId !== undefined) ids.add(userId);
  }
  return ids;
}
