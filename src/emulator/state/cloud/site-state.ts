import { SharedState } from '../shared/shared-state.ts';
import type {
  Account,
  Credentials,
  Group,
  PermissionKey,
  PermissionTarget,
  Principal,
  ProductGrant,
  ProductKey,
  SpacePermission,
  WriteOrigin,
} from './model.ts';
import { ScimProfiles } from './scim-profiles.ts';

/** The identity of the emulated organization and its one Confluence site. */
export interface SiteIdentity {
  orgId: string;
  directoryId: string;
  cloudId: string;
  /** The site's short name, as in `confluence-users-<site>`. */
  siteName: string;
  /** The organization's verified domain; accounts on it are managed. */
  domain: string;
}

/**
 * All of an emulated Atlassian organization: the shared accounts, groups, spaces and write log, plus
 * what only Cloud has (the organization's identity, suspended and pending-deletion accounts, product
 * roles on groups, the SCIM directory's own side).
 */
export class SiteState extends SharedState<Account, Group, SpacePermission> {
  /** Accounts whose organization access is suspended (admin API): they keep their groups but lose products. */
  readonly suspended = new Set<string>();
  /** Accounts scheduled for deletion (user management API), with the end of the 14-day grace period. */
  readonly pendingDeletion = new Map<string, string>();
  /** Profile locations set through the user management API (the account model has no location field). */
  readonly accountLocations = new Map<string, string>();
  /** SCIM groups with a reserved name, by SCIM id: they live in the directory only, never in the organization. */
  readonly directoryOnlyGroups = new Map<string, Group>();

  private readonly accountByScimId = new Map<string, string>();
  private readonly groupByScimId = new Map<string, string>();
  private scim: ScimProfiles | null = null;

  constructor(
    readonly site: SiteIdentity,
    readonly credentials: Credentials,
    now?: () => Date,
  ) {
    super(now);
  }

  protected override keyOf(account: Account): string {
    return account.accountId;
  }

  protected override operationOf(row: SpacePermission): string {
    return `${row.key}/${row.target}`;
  }

  /** The SCIM directory's side of the accounts (userName, extra emails), made on first use. */
  get scimProfiles(): ScimProfiles {
    this.scim ??= new ScimProfiles(this);
    return this.scim;
  }

  /** The Confluence product groups every site has, e.g. `confluence-users-acme`. */
  defaultGroupName(role: 'user' | 'admin'): string {
    return role === 'user'
      ? `confluence-users-${this.site.siteName}`
      : `confluence-admins-${this.site.siteName}`;
  }

  accountByScim(scimId: string): Account | undefined {
    const id = this.accountByScimId.get(scimId);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  groupByScim(scimId: string): Group | undefined {
    const id = this.groupByScimId.get(scimId);
    return id === undefined ? undefined : this.groups.get(id);
  }

  /** Product grants an account holds through its groups (product access comes only from groups). */
  productGrantsOf(accountId: string): ProductGrant[] {
    return this.groupsOf(accountId).flatMap((group) => group.productGrants);
  }

  /** Whether the account holds any role on the product through a group it belongs to (never while suspended). */
  hasProduct(accountId: string, product: ProductKey): boolean {
    if (this.suspended.has(accountId)) return false;
    return this.productGrantsOf(accountId).some((grant) => grant.product === product);
  }

  /** Suspends or restores an account's access to the organization; returns false when nothing changed. */
  setSuspended(accountId: string, suspended: boolean, origin: WriteOrigin | null): boolean {
    this.requireAccount(accountId);
    if (this.suspended.has(accountId) === suspended) return false;
    if (suspended) this.suspended.add(accountId);
    else this.suspended.delete(accountId);
    this.log(origin, suspended ? 'account.suspend' : 'account.restore', [accountId], {});
    return true;
  }

  /** Schedules an account's deletion: it shows as deactivated until the grace period ends. */
  scheduleDeletion(accountId: string, graceDays: number, origin: WriteOrigin | null): string {
    const account = this.requireAccount(accountId);
    const permanentAt = new Date(this.now().getTime() + graceDays * 86_400_000).toISOString();
    this.pendingDeletion.set(accountId, permanentAt);
    Object.assign(account, { accountStatus: 'inactive', updatedAt: this.now().toISOString() });
    this.log(origin, 'account.delete.schedule', [accountId], { permanentAt });
    return permanentAt;
  }

  /** Cancels a scheduled deletion and reactivates the account; returns false when none was scheduled. */
  cancelDeletion(accountId: string, origin: WriteOrigin | null): boolean {
    const account = this.requireAccount(accountId);
    if (!this.pendingDeletion.delete(accountId)) return false;
    Object.assign(account, { accountStatus: 'active', updatedAt: this.now().toISOString() });
    this.log(origin, 'account.delete.cancel', [accountId], {});
    return true;
  }

  /** Adds an account and indexes its SCIM id too. */
  override insertAccount(account: Account, origin: WriteOrigin | null): Account {
    if (account.scim !== null) this.accountByScimId.set(account.scim.id, account.accountId);
    return super.insertAccount(account, origin);
  }

  /** Applies a change to an account, keeping the email and SCIM indexes true, and logs it. */
  override updateAccount(
    accountId: string,
    change: Partial<Omit<Account, 'accountId' | 'createdAt'>>,
    origin: WriteOrigin | null,
    operation = 'account.update',
  ): Account {
    const account = this.requireAccount(accountId);
    if (change.scim !== undefined && account.scim !== null) this.accountByScimId.delete(account.scim.id);
    super.updateAccount(accountId, change, origin, operation);
    if (account.scim !== null) this.accountByScimId.set(account.scim.id, accountId);
    return account;
  }

  /** Applies a profile edit (user management API): account fields plus the location the model lacks. */
  updateProfile(
    accountId: string,
    change: Partial<
      Pick<
        Account,
        'displayName' | 'nickname' | 'timezone' | 'locale' | 'title' | 'organization' | 'department'
      >
    >,
    location: string | undefined,
    origin: WriteOrigin | null,
  ): Account {
    const account = this.updateAccount(accountId, change, null);
    if (location !== undefined) this.accountLocations.set(accountId, location);
    const fields = [...Object.keys(change), ...(location === undefined ? [] : ['location'])];
    this.log(origin, 'account.profile.update', [accountId], { fields });
    return account;
  }

  /** Adds a group and indexes its SCIM id too. */
  override insertGroup(group: Group, origin: WriteOrigin | null): Group {
    if (group.scimId !== null) this.groupByScimId.set(group.scimId, group.id);
    return super.insertGroup(group, origin);
  }

  /** Deletes a group and its SCIM id; its space permissions stay behind, as in Confluence. */
  override deleteGroup(groupId: string, origin: WriteOrigin | null): void {
    const { scimId } = this.requireGroup(groupId);
    if (scimId !== null) this.groupByScimId.delete(scimId);
    super.deleteGroup(groupId, origin);
  }

  /** Changes a group's description or SCIM link (names cannot change in Atlassian). */
  updateGroup(
    groupId: string,
    change: Partial<Pick<Group, 'description' | 'externalId' | 'productGrants'>>,
    origin: WriteOrigin | null,
  ): Group {
    const group = this.requireGroup(groupId);
    Object.assign(group, change, { updatedAt: this.now().toISOString() });
    this.log(origin, 'group.update', [], { groupId, fields: Object.keys(change) });
    return group;
  }

  /** Appends one permission row (a Cloud v1 operation) to a space; the API that asks checks the rules. */
  addSpacePermission(
    spaceId: number,
    principal: Principal,
    key: PermissionKey,
    target: PermissionTarget,
    origin: WriteOrigin | null,
  ): SpacePermission {
    return this.addPermissionRow(spaceId, { principal, key, target }, origin);
  }
}
