import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { UserManagementError } from './admin-error.ts';
import { accountHead } from './user-view.ts';

/** A privilege rule of the user management API (spec `Manageability.Rule.Simple`). */
export type Rule = { allowed: true } | { allowed: false; reason: { key: string } };

/** The profile paths `PATCH …/manage/profile` accepts (spec `Manageability.Rule.ObjectMutability` example). */
export const PROFILE_FIELDS = [
  'name',
  'nickname',
  'zoneinfo',
  'locale',
  'extended_profile.job_title',
  'extended_profile.organization',
  'extended_profile.department',
  'extended_profile.location',
] as const;

/** One of the editable profile paths. */
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * Fields an identity provider owns on a synced account; Atlassian reports them as
 * `externalDirectory.scim` (https://jira.atlassian.com/browse/ID-8650, expected results).
 */
const SYNCED_FIELDS: ReadonlySet<ProfileField> = new Set([
  'name',
  'extended_profile.job_title',
  'extended_profile.organization',
  'extended_profile.department',
]);

const ALLOWED: Rule = { allowed: true };
const SCIM_OWNED: Rule = { allowed: false, reason: { key: 'externalDirectory.scim' } };

/** Whether a value holds control or null characters, which Atlassian's profile fields refuse. */
export function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Whether an identity provider syncs this account (SCIM): its lifecycle and core fields are the IdP's. */
function isSynced(account: Account): boolean {
  return account.scim !== null;
}

/** The account if the organization manages it: unknown or deleted is 404 `accountNotFound`, unmanaged 403 `forbidden`. */
export function requireManaged(state: SiteState, accountId: string): Account {
  const account = state.accounts.get(accountId);
  if (account === undefined || account.accountStatus === 'closed')
    throw new UserManagementError(404, 'accountNotFound');
  if (!account.managed || account.accountType !== 'atlassian')
    throw new UserManagementError(403, 'forbidden');
  return account;
}

/** Whether the caller may write each profile field of this account. */
export function profileRules(account: Account): Record<ProfileField, Rule> {
  const synced = isSynced(account);
  return Object.fromEntries(
    PROFILE_FIELDS.map((field) => [field, synced && SYNCED_FIELDS.has(field) ? SCIM_OWNED : ALLOWED]),
  ) as Record<ProfileField, Rule>;
}

/** The rule for lifecycle and email actions: an identity provider owns them on synced accounts. */
function actionRule(account: Account): Rule {
  return isSynced(account) ? SCIM_OWNED : ALLOWED;
}

/** Fails with 403 `forbidden.action` when the rule does not allow the action (spec `Response.Forbidden.Action`). */
export function assertAction(account: Account): void {
  const rule = actionRule(account);
  if (!rule.allowed) throw new UserManagementError(403, 'forbidden.action', rule);
}

/** `GET /users/{account_id}/manage`: the privileges the API key has over the account. */
export function privilegesOf(account: Account): Record<string, unknown> {
  const rules = profileRules(account);
  return {
    profile: rules,
    'profile.write': rules,
    'profile.read': ALLOWED,
    'email.set': actionRule(account),
    'lifecycle.enablement': actionRule(account),
    'lifecycle.delete': actionRule(account),
    'apiToken.read': ALLOWED,
    'apiToken.delete': ALLOWED,
  };
}

/** The account as `GET /users/{account_id}/manage/profile` returns it (spec `AtlassianAccountUser`). */
export function profileOf(state: SiteState, account: Account): Record<string, unknown> {
  const location = state.accountLocations.get(account.accountId);
  const extended: Record<string, string> = {};
  if (account.title !== null) extended.job_title = account.title;
  if (account.organization !== null) extended.organization = account.organization;
  if (account.department !== null) extended.department = account.department;
  if (location !== undefined) extended.location = location;
  return {
    ...accountHead(account),
    email: account.email,
    characteristics: { not_mentionable: false },
    nickname: account.nickname,
    zoneinfo: account.timezone,
    locale: account.locale,
    extended_profile: extended,
  };
}
