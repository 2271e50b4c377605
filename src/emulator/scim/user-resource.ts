import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { ATLASSIAN_SCHEMA, ENTERPRISE_SCHEMA, type ScimJson, USER_SCHEMA } from './schemas.ts';
import { type ScimEmail, type ScimProfile, scimProfiles } from './user-profiles.ts';

/** Where the directory's resources live, for `meta.location` and `$ref` (absolute, as Atlassian's are). */
export interface DirectoryUrls {
  base: string;
  user(scimId: string): string;
  group(scimId: string): string;
}

/** Builds the absolute URLs of one directory from the request's origin. */
export function directoryUrls(origin: string, directoryId: string): DirectoryUrls {
  const base = `${origin}/scim/directory/${directoryId}`;
  return { base, user: (id) => `${base}/Users/${id}`, group: (id) => `${base}/Groups/${id}` };
}

/**
 * A directory user as Atlassian returns it: core attributes, the enterprise extension, the Atlassian
 * extension with the accountId, read-only `groups` (directory groups only) and `meta` with `resourceType: "User"`.
 */
export function userResource(state: SiteState, account: Account, urls: DirectoryUrls): ScimJson {
  const scim = account.scim;
  if (scim === null) throw new Error(`account ${account.accountId} is not in the SCIM directory`);
  const profile = scimProfiles(state).profileOf(account);
  const name = nameOf(account, profile);
  const enterprise = compact({
    organization: account.organization,
    department: account.department,
    employeeNumber: scim.employeeNumber,
  });
  const directoryOnly = [...state.directoryOnlyGroups.values()].filter((group) =>
    group.members.has(account.accountId),
  );
  const groups = [...state.groupsOf(account.accountId), ...directoryOnly].flatMap((group) =>
    group.scimId === null
      ? []
      : [{ type: 'direct', value: group.scimId, display: group.name, $ref: urls.group(group.scimId) }],
  );
  return {
    schemas: [ATLASSIAN_SCHEMA, USER_SCHEMA, ENTERPRISE_SCHEMA],
    id: scim.id,
    ...compact({ externalId: scim.externalId }),
    userName: profile.userName,
    emails: currentEmails(profile.emails, account.email),
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...compact(stringAttributes(account, profile)),
    ...(scim.phoneNumbers.length > 0 ? { phoneNumbers: scim.phoneNumbers.map((p) => ({ ...p })) } : {}),
    active: scim.active,
    groups,
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
    [ATLASSIAN_SCHEMA]: { atlassianAccountId: account.accountId },
    meta: {
      resourceType: 'User',
      location: urls.user(scim.id),
      lastModified: account.updatedAt,
      created: account.createdAt,
    },
  };
}

/** The stored emails, with the primary one following the account (another API may have changed it). */
function currentEmails(emails: ScimEmail[], accountEmail: string): ScimEmail[] {
  if (emails.length === 0) return accountEmail === '' ? [] : [{ value: accountEmail, primary: true }];
  return emails.map((email) => (email.primary === true ? { ...email, value: accountEmail } : { ...email }));
}

/** The parts of a user's `name` (RFC 7643 §4.1.1), the unset ones left out. */
export function nameOf(account: Account, profile: ScimProfile): Record<string, string> {
  return compact({
    formatted: profile.formatted,
    familyName: account.familyName,
    givenName: account.givenName,
    middleName: profile.middleName,
    honorificPrefix: profile.honorificPrefix,
    honorificSuffix: profile.honorificSuffix,
  });
}

/** A user's single-valued string attributes (RFC 7643 §4.1.1, §4.3), null where unset. */
export function stringAttributes(account: Account, profile: ScimProfile): Record<string, string | null> {
  return {
    displayName: account.displayName,
    nickName: account.nickname,
    title: account.title,
    preferredLanguage: account.scim?.preferredLanguage ?? null,
    department: account.department,
    organization: account.organization,
    timezone: profile.timezone,
  };
}

/** Drops null and empty-string values: Atlassian omits unset attributes rather than sending null. */
export function compact<T>(values: Record<string, T | null>): Record<string, T> {
  const kept: Record<string, T> = {};
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== '') kept[key] = value;
  return kept;
}
