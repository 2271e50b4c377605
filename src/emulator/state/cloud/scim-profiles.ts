import type { Account } from './model.ts';

/** One email of a SCIM user (RFC 7643 §4.1.2). */
export interface ScimEmail {
  value: string;
  type?: string;
  primary?: boolean;
}

/**
 * What the SCIM directory holds about a user beyond the Atlassian account: the IdP's `userName`,
 * the name parts Atlassian profiles lack, and every email the IdP sent.
 */
export interface ScimProfile {
  userName: string;
  formatted: string | null;
  middleName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
  emails: ScimEmail[];
  /** The IdP's timezone; the account keeps one (Atlassian profiles always have one) even when this is cleared. */
  timezone: string | null;
}

/** What the profiles read of the site state (an interface, so the state can own them without a cycle). */
export interface ProfileSource {
  readonly accounts: Map<string, Account>;
  readonly changeCount: number;
  accountByScim(scimId: string): Account | undefined;
}

/**
 * The SCIM-only side of the directory for one emulated site, owned by its `SiteState` (so a reset
 * starts afresh); seeded users get `userName` = their email.
 */
export class ScimProfiles {
  private readonly profiles = new Map<string, ScimProfile>();
  private readonly byUserName = new Map<string, string>();
  private members: Account[] = [];
  private byExternalId = new Map<string, Account[]>();
  private membersAt = -1;

  constructor(private readonly state: ProfileSource) {
    for (const account of state.accounts.values()) if (account.scim !== null) this.profileOf(account);
  }

  /** The profile of a directory user, derived from the account the first time it is asked for. */
  profileOf(account: Account): ScimProfile {
    const scimId = account.scim?.id;
    if (scimId === undefined) throw new Error(`account ${account.accountId} is not in the SCIM directory`);
    let profile = this.profiles.get(scimId);
    if (profile === undefined) {
      profile = {
        userName: account.email,
        formatted: null,
        middleName: null,
        honorificPrefix: null,
        honorificSuffix: null,
        emails: account.email === '' ? [] : [{ value: account.email, type: 'work', primary: true }],
        timezone: account.timezone === '' ? null : account.timezone,
      };
      this.save(scimId, profile);
    }
    return profile;
  }

  /** Every account in the directory in creation order, rebuilt only after the state has changed. */
  directoryAccounts(): readonly Account[] {
    this.refresh();
    return this.members;
  }

  /** The directory users with this `externalId` (case-exact, as the spec says). */
  accountsByExternalId(externalId: string): readonly Account[] {
    this.refresh();
    return this.byExternalId.get(externalId) ?? [];
  }

  private refresh(): void {
    if (this.membersAt === this.state.changeCount) return;
    this.members = [];
    this.byExternalId = new Map();
    for (const account of this.state.accounts.values()) {
      if (account.scim === null) continue;
      this.members.push(account);
      const externalId = account.scim.externalId;
      if (externalId !== null)
        this.byExternalId.set(externalId, [...(this.byExternalId.get(externalId) ?? []), account]);
    }
    this.membersAt = this.state.changeCount;
  }

  /** Stores a user's profile and keeps the `userName` index true. */
  save(scimId: string, profile: ScimProfile): void {
    const previous = this.profiles.get(scimId);
    if (previous !== undefined) this.byUserName.delete(previous.userName.toLowerCase());
    this.profiles.set(scimId, profile);
    this.byUserName.set(profile.userName.toLowerCase(), scimId);
  }

  /** The directory user with this `userName` (case-insensitive, as RFC 7643 §4.1.1 `caseExact: false`). */
  accountByUserName(userName: string): Account | undefined {
    const scimId = this.byUserName.get(userName.toLowerCase());
    if (scimId === undefined) return undefined;
    const account = this.state.accountByScim(scimId);
    if (account?.scim === null || account === undefined) return undefined;
    return this.profileOf(account).userName.toLowerCase() === userName.toLowerCase() ? account : undefined;
  }
}
