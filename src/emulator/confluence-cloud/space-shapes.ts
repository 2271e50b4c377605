import type { Space, SpacePermission } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { v1Group, v1User } from './v1-shapes.ts';

/** The thirteen `_expandable` keys Cloud sends on a space, in its order (measured by brekkylab/backlot#234). */
const V1_EXPANDABLE = [
  'settings',
  'metadata',
  'identifiers',
  'roles',
  'icon',
  'typeSettings',
  'description',
  'history',
  'operations',
  'lookAndFeel',
  'permissions',
  'theme',
  'homepage',
] as const;

/** A space as the v1 `Space` schema shows it, with `permissions` and `description.plain` when expanded. */
export function v1Space(
  state: SiteState,
  space: Space,
  base: string,
  expand: ReadonlySet<string>,
): Record<string, unknown> {
  const shown = new Set<string>();
  const body: Record<string, unknown> = {
    id: space.id,
    key: space.key,
    alias: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
  };
  if (expand.has('permissions')) {
    body.permissions = space.permissions.map((permission) => v1SpacePermission(state, permission, base));
    shown.add('permissions');
  }
  const description = descriptionExpansion(space, expand);
  if (description !== undefined) {
    body.description = description;
    shown.add('description');
  }
  body._expandable = Object.fromEntries(
    V1_EXPANDABLE.filter((name) => !shown.has(name)).map((name) => [name, expandableLink(name, space)]),
  );
  body._links = { webui: `/spaces/${space.key}`, self: `${base}/rest/api/space/${space.key}` };
  body.ari = `ari:cloud:confluence:${state.site.cloudId}:space/${space.id}`;
  return body;
}

/**
 * `expand=description` alone carries only `_expandable`; `description.plain` and `description.view`
 * carry their value and leave the other under `_expandable` (measured by brekkylab/backlot#234).
 */
function descriptionExpansion(
  space: Space,
  expand: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const formats = (['plain', 'view'] as const).filter((format) => expand.has(`description.${format}`));
  if (formats.length === 0 && !expand.has('description')) return undefined;
  const body: Record<string, unknown> = {};
  for (const format of formats) {
    const value = format === 'plain' ? space.description : `<p>${space.description}</p>`;
    body[format] = { value, representation: format, embeddedContent: [] };
  }
  const rest = (['view', 'plain'] as const).filter((format) => !formats.includes(format));
  if (rest.length > 0) body._expandable = Object.fromEntries(rest.map((format) => [format, '']));
  return body;
}

function expandableLink(name: string, space: Space): string {
  if (name === 'homepage') return `/rest/api/content/${space.homepageId}`;
  if (name === 'settings') return `/rest/api/space/${space.key}/settings`;
  if (name === 'theme') return `/rest/api/space/${space.key}/theme`;
  if (name === 'lookAndFeel') return `/rest/api/settings/lookandfeel?spaceKey=${space.key}`;
  return '';
}

/**
 * One permission row as the v1 `SpacePermission` schema shows it: `subjects.user` or `subjects.group`,
 * `operation: {operation, targetType}`, and `anonymousAccess: true` (with no subject) for anonymous grants.
 */
function v1SpacePermission(
  state: SiteState,
  permission: SpacePermission,
  base: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { id: permission.id };
  const { principal } = permission;
  if (principal.type === 'user') {
    const account = state.accounts.get(principal.id);
    const user = account === undefined ? { type: 'unknown', accountId: principal.id } : v1User(account, base);
    body.subjects = { user: { results: [user], size: 1 }, _expandable: { group: '' } };
  } else if (principal.type === 'group') {
    const group = state.groups.get(principal.id) ?? {
      id: principal.id,
      name: state.deletedGroupNames.get(principal.id) ?? principal.id,
    };
    body.subjects = { group: { results: [v1Group(group, base)], size: 1 }, _expandable: { user: '' } };
  }
  body.operation = { operation: permission.key, targetType: permission.target };
  body.anonymousAccess = principal.type === 'anonymous';
  body.unlicensedAccess = false;
  return body;
}

/**
 * A space as the v2 `SpaceBulk` schema shows it, with the `spaceOwnerId` and `currentActiveAlias` of
 * Atlassian's current schema (confluence.js 3.2); `description` and `icon` are null unless asked for.
 */
export function v2Space(
  space: Space,
  options: { descriptionFormat?: 'plain' | 'view'; includeIcon?: boolean },
): Record<string, unknown> {
  const format = options.descriptionFormat;
  return {
    id: String(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    spaceOwnerId: space.authorId,
    currentActiveAlias: space.key,
    createdAt: space.createdAt,
    homepageId: String(space.homepageId),
    description:
      format === undefined
        ? null
        : {
            [format]: {
              representation: format,
              value: format === 'plain' ? space.description : `<p>${space.description}</p>`,
            },
          },
    icon:
      options.includeIcon === true
        ? {
            path: '/wiki/download/attachments/space-icon.png',
            apiDownloadLink: `/wiki/rest/api/space/${space.key}/icon`,
          }
        : null,
    _links: { webui: `/spaces/${space.key}` },
  };
}

/**
 * The rows the v2 permissions endpoint lists: user and group grants. Anonymous grants are not listed,
 * since v2 `principal.type` has no anonymous value (see docs/atlassian-behaviour.md).
 */
export function v2PermissionRows(space: Space): SpacePermission[] {
  return space.permissions.filter((permission) => permission.principal.type !== 'anonymous');
}

/** A permission row as the v2 `SpacePermissionAssignment` schema shows it. */
export function v2SpacePermission(permission: SpacePermission): Record<string, unknown> {
  const { principal } = permission;
  return {
    id: String(permission.id),
    principal: { type: principal.type, id: principal.type === 'anonymous' ? '' : principal.id },
    operation: { key: permission.key, targetType: permission.target },
  };
}
