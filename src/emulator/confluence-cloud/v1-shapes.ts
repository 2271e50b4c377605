import type { Account, Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { ConfluenceError } from './errors.ts';

/** The default avatar Confluence shows for an account without a picture. */
function profilePicture(): { path: string; width: number; height: number; isDefault: boolean } {
  return { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true };
}

/** v1 `accountType` knows only `atlassian`, `app` and `""` (spec `User.accountType`). */
function v1AccountType(account: Account): 'atlassian' | 'app' | '' {
  return account.accountType === 'customer' ? '' : account.accountType;
}

/**
 * An account as the v1 `User` schema shows it (`GET /wiki/rest/api/user`): `type: known`, the email,
 * `isExternalCollaborator`/`isGuest` for guests, and the `locale` and `accountStatus` Cloud adds
 * (measured by brekkylab/backlot; in Atlassian's current schema as generated into confluence.js 3.2).
 */
export function v1User(account: Account, base: string): Record<string, unknown> {
  return {
    type: 'known',
    accountId: account.accountId,
    accountType: v1AccountType(account),
    email: account.email,
    publicName: account.nickname === '' ? account.displayName : account.nickname,
    profilePicture: profilePicture(),
    displayName: account.displayName,
    timeZone: account.timezone,
    isExternalCollaborator: account.guest,
    isGuest: account.guest,
    locale: account.locale,
    accountStatus: account.accountStatus,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${base}/rest/api/user?accountId=${account.accountId}` },
  };
}

/** An account as the v1 `BulkUserLookup` schema shows it (`GET /wiki/rest/api/user/bulk`). */
export function v1BulkUser(account: Account, base: string): Record<string, unknown> {
  return v1User(account, base);
}

/** A group as the v1 `Group` schema shows it: `{type: "group", name, id, _links}`. */
export function v1Group(group: Pick<Group, 'id' | 'name'>, base: string): Record<string, unknown> {
  return {
    type: 'group',
    name: group.name,
    id: group.id,
    _links: { self: `${base}/rest/api/group/by-id?id=${group.id}` },
  };
}

/** Groups in the order the v1 group endpoints list them: alphabetical by name. */
export function byName(groups: Iterable<Group>): Group[] {
  return [...groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The account the site credentials belong to (the caller of every request). */
export function currentAccount(state: SiteState): Account | undefined {
  return state.accountByEmailAddress(state.credentials.siteEmail);
}

/** The group whose members the emulator treats as site admins (`accessType=site-admin`). */
export const SITE_ADMIN_GROUP = 'site-admins';

/**
 * Refuses a group write unless the caller is a site admin (v1 group writes: "User must be a site
 * admin", 403 otherwise); the emulator counts members of `site-admins` as site admins.
 */
export function requireSiteAdmin(state: SiteState): void {
  const caller = currentAccount(state);
  const admins = state.groupByGroupName(SITE_ADMIN_GROUP);
  if (caller === undefined || admins === undefined || !admins.members.has(caller.accountId))
    throw new ConfluenceError(403, 'The calling user is not a site admin');
}
