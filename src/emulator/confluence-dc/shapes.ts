import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcGroup, DcSpace, DcUser } from '../state/datacenter/model.ts';
import type { DcLinks } from './paging.ts';

/**
 * The Person JSON of a known user (reference §3): no email on Server/DC; `expand=status` adds
 * `status` ("Active" / "Deactivated", the casing atlassian-python-api documents).
 */
export function personOf(user: DcUser, links: DcLinks, expand: Set<string>): Record<string, unknown> {
  return {
    type: 'known',
    username: user.username,
    userKey: user.userKey,
    profilePicture: {
      path: `${links.context}/images/icons/profilepics/default.svg`,
      width: 48,
      height: 48,
      isDefault: true,
    },
    displayName: user.displayName,
    ...(expand.has('status') ? { status: user.active ? 'Active' : 'Deactivated' } : {}),
    _links: {
      base: links.base,
      context: links.context,
      self: `${links.base}/rest/api/user?key=${user.userKey}`,
    },
    _expandable: expand.has('status') ? {} : { status: '' },
  };
}

/** The Person JSON of anonymous users (`GET /rest/api/user/anonymous`, `/user/current` when anonymous). */
export function anonymousOf(links: DcLinks): Record<string, unknown> {
  return {
    type: 'anonymous',
    profilePicture: {
      path: `${links.context}/images/icons/profilepics/anonymous.svg`,
      width: 48,
      height: 48,
      isDefault: true,
    },
    displayName: 'Anonymous',
    _links: { base: links.base, context: links.context, self: `${links.base}/rest/api/user/anonymous` },
  };
}

/** The Group JSON (reference §4). */
export function groupOf(group: DcGroup, links: DcLinks): Record<string, unknown> {
  return {
    type: 'group',
    name: group.name,
    _links: { self: `${links.base}/rest/api/group/${encodeURIComponent(group.name)}` },
  };
}

/** The Space JSON of `GET /rest/api/space` (reference §6.1). */
export function spaceOf(space: DcSpace, links: DcLinks): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    _links: { webui: `/display/${space.key}`, self: `${links.base}/rest/api/space/${space.key}` },
    _expandable: {
      description: '',
      homepage: `/rest/api/content/${space.homepageId}`,
      metadata: '',
      icon: '',
    },
  };
}

/** The expansions a request asks for (`expand=a,b.c`). */
export function expansions(expand: string | undefined): Set<string> {
  return new Set(
    (expand ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
}

/** The users of a group in the state's account order, so pages are stable (kept until the state changes). */
export function membersOf(state: DcState, group: DcGroup): DcUser[] {
  return state.derived.get(`dc.members.${group.id}`, () =>
    state.accountOrder.flatMap((key) => {
      const user = state.accounts.get(key);
      return user !== undefined && group.members.has(key) ? [user] : [];
    }),
  );
}
