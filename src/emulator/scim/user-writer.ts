import { randomBytes, randomUUID } from 'node:crypto';
import type { Account, ScimLink, WriteOrigin } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, conflict } from './errors.ts';
import type { UserInput } from './user-input.ts';
import { type ScimProfile, scimProfiles } from './user-profiles.ts';

/**
 * POST /Users: links an existing managed account with that email (it keeps its accountId and
 * groups), or creates a new managed account with no product access (access comes from groups).
 */
export function createUser(state: SiteState, input: UserInput, origin: WriteOrigin): Account {
  const email = checkInput(state, input, undefined);
  const scim: ScimLink = {
    id: randomUUID(),
    externalId: input.externalId,
    active: input.active ?? true,
    preferredLanguage: input.preferredLanguage,
    phoneNumbers: input.phoneNumbers,
    employeeNumber: input.employeeNumber,
  };
  const existing = state.accountByEmailAddress(email);
  let account: Account;
  if (existing !== undefined) {
    if (existing.scim !== null || !existing.managed) throw conflict(`Email '${email}' is already in use.`);
    account = state.updateAccount(
      existing.accountId,
      { ...profileChange(input, email, scim.active, existing.timezone), scim },
      origin,
      'account.scim.link',
    );
  } else {
    const now = state.now().toISOString();
    account = state.insertAccount(
      {
        accountId: randomBytes(12).toString('hex'),
        accountType: 'atlassian',
        locale: input.preferredLanguage ?? 'en-US',
        managerAccountId: null,
        managed: true,
        guest: false,
        lastActive: null,
        createdAt: now,
        updatedAt: now,
        ...profileChange(input, email, scim.active),
        scim,
      },
      origin,
    );
  }
  saveProfile(state, scim.id, input);
  return account;
}

/**
 * PUT (and PATCH, which computes the full result first): replaces every writable attribute,
 * clearing the unsent ones; `active` changes the Atlassian account status too.
 */
export function replaceUser(
  state: SiteState,
  account: Account,
  input: UserInput,
  origin: WriteOrigin,
): Account {
  const current = account.scim;
  if (current === null) throw new Error(`account ${account.accountId} is not in the SCIM directory`);
  const email = checkInput(state, input, account);
  const active = input.active ?? current.active;
  const scim: ScimLink = {
    id: current.id,
    externalId: input.externalId,
    active,
    preferredLanguage: input.preferredLanguage,
    phoneNumbers: input.phoneNumbers,
    employeeNumber: input.employeeNumber,
  };
  const operation =
    active === current.active ? 'account.update' : active ? 'account.reactivate' : 'account.deactivate';
  const { accountStatus, ...profile } = profileChange(input, email, active, account.timezone);
  // The account status follows SCIM only when `active` changes: a PUT that merely repeats
  // `active: true` must not undo what the admin APIs did (a suspension, a scheduled deletion).
  const change = active === current.active ? { ...profile, scim } : { ...profile, accountStatus, scim };
  const updated = state.updateAccount(account.accountId, change, origin, operation);
  saveProfile(state, scim.id, input);
  return updated;
}

/** Marks a directory user inactive and deactivates the Atlassian account (DELETE /Users/{id}). */
export function deactivateUser(state: SiteState, account: Account, origin: WriteOrigin): void {
  const scim = account.scim;
  if (scim === null) throw new Error(`account ${account.accountId} is not in the SCIM directory`);
  state.updateAccount(
    account.accountId,
    { accountStatus: 'inactive', scim: { ...scim, active: false } },
    origin,
    'account.deactivate',
  );
}

/** The timezone a new account gets when the IdP sends none (an Atlassian profile always has one). */
const DEFAULT_TIMEZONE = 'UTC';

/** The account fields a SCIM write decides. */
function profileChange(input: UserInput, email: string, active: boolean, currentTimezone?: string) {
  const given = input.name.givenName ?? '';
  const family = input.name.familyName ?? '';
  const fallback = input.name.formatted ?? (`${given} ${family}`.trim() || input.userName);
  return {
    accountStatus: (active ? 'active' : 'inactive') as Account['accountStatus'],
    email,
    displayName: input.displayName ?? fallback,
    givenName: given,
    familyName: family,
    nickname: input.nickName ?? '',
    department: input.department,
    title: input.title,
    organization: input.organization,
    timezone: input.timezone ?? (currentTimezone || DEFAULT_TIMEZONE),
  };
}

/** Checks the verified domain and uniqueness of email and userName; returns the primary email. */
function checkInput(state: SiteState, input: UserInput, self: Account | undefined): string {
  const primary = input.emails.find((email) => email.primary === true) ?? input.emails[0];
  const email = primary?.value.trim() ?? '';
  const domain = state.site.domain.toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.toLowerCase().split('@')[1] !== domain) {
    throw badRequest('invalidValue', `Email '${email}' is not on a verified domain of this organization.`);
  }
  const owner = state.accountByEmailAddress(email);
  if (self !== undefined && owner !== undefined && owner.accountId !== self.accountId) {
    throw conflict(`Email '${email}' is already in use.`);
  }
  const named = scimProfiles(state).accountByUserName(input.userName);
  if (named !== undefined && named.accountId !== self?.accountId) {
    throw conflict(`User with userName '${input.userName}' already exists.`);
  }
  return email;
}

function saveProfile(state: SiteState, scimId: string, input: UserInput): void {
  const profile: ScimProfile = {
    userName: input.userName,
    formatted: input.name.formatted,
    middleName: input.name.middleName,
    honorificPrefix: input.name.honorificPrefix,
    honorificSuffix: input.name.honorificSuffix,
    emails: input.emails,
    timezone: input.timezone,
  };
  scimProfiles(state).save(scimId, profile);
}
