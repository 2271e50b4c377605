import type {
  Account,
  Credentials,
  Group,
  PermissionKey,
  PermissionTarget,
  Principal,
  ProductGrant,
  ProductKey,
  Space,
  SpacePermission,
  WriteLogEntry,
  WriteOrigin,
} from './model.ts';

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
 * All of an emulated Atlassian organization: accounts, groups, spaces and their permissions,
 * with the indexes the APIs need and a write log of every change with the accounts it touched.
 */
export class SiteState {
  readonly accounts = new Map<string, Account>();
  /** accountIds in creation order, for stable paging. */
  readonly accountOrder: string[] = [];
  readonly groups = new Map<string, Group>();
  readonly spaces = new Map<number, Space>();
  /** Space ids in ascending order (spaces are created with growing ids). */
  readonly spaceOrder: number[] = [];
  readonly writeLog: WriteLogEntry[] = [];
  /** Accounts whose organization access is suspended (admin API): they keep their groups but lose products. */
  readonly suspended = new Set<string>();
  /** Accounts scheduled for deletion (user management API), with the end of the 14-day grace period. */
  readonly pendingDeletion = new Map<string, string>();
  /** Profile locations set through the user management API (the account model has no location field). */
  readonly accountLocations = new Map<string, string>();
  /** Names of deleted groups by id: their space permissions stay behind and Confluence still names them. */
  readonly deletedGroupNames = new Map<string, string>();

  private readonly accountByEmail = new Map<string, string>();
  private readonly accountByScimId = new Map<string, string>();
  private readonly groupByName = new Map<string, string>();
  private readonly groupByScimId = new Map<string, string>();
  private readonly groupsByAccount = new Map<string, Set<string>>();
  private readonly spaceByKey = new Map<string, number>();
  private readonly permissionById = new Map<number, SpacePermission>();
  private nextPermissionId = 1_000_001;
  private nextSpaceId = 98_305;
  private nextWriteSeq = 1;
  private changes = 0;

  constructor(
    readonly site: SiteIdentity,
    readonly credentials: Credentials,
    /** The clock the state stamps changes with; tests may pin it. */
    readonly now: () => Date = () => new Date(),
  ) {}

  /** The Confluence product groups every site has, e.g. `confluence-users-acme`. */
  defaultGroupName(role: 'user' | 'admin'): string {
    return role === 'user'
      ? `confluence-users-${this.site.siteName}`
      : `confluence-admins-${this.site.siteName}`;
  }

  accountByEmailAddress(email: string): Account | undefined {
    const id = this.accountByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  accountByScim(scimId: string): Account | undefined {
    const id = this.accountByScimId.get(scimId);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  groupByGroupName(name: string): Group | undefined {
    const id = this.groupByName.get(name.toLowerCase());
    return id === undefined ? undefined : this.groups.get(id);
  }

  groupByScim(scimId: string): Group | undefined {
    const id = this.groupByScimId.get(scimId);
    return id === undefined ? undefined : this.groups.get(id);
  }

  spaceByKeyName(key: string): Space | undefined {
    const id = this.spaceByKey.get(key);
    return id === undefined ? undefined : this.spaces.get(id);
  }

  permission(id: number): SpacePermission | undefined {
    return this.permissionById.get(id);
  }

  /** Groups an account is a direct member of. */
  groupsOf(accountId: string): Group[] {
    const ids = this.groupsByAccount.get(accountId);
    if (ids === undefined) return [];
    return [...ids].flatMap((id) => {
      const group = this.groups.get(id);
      return group === undefined ? [] : [group];
    });
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

  /** Adds an account built elsewhere (seed or API); indexes it and logs the write. */
  insertAccount(account: Account, origin: WriteOrigin | null): Account {
    this.accounts.set(account.accountId, account);
    this.accountOrder.push(account.accountId);
    if (account.email !== '') this.accountByEmail.set(account.email.toLowerCase(), account.accountId);
    if (account.scim !== null) this.accountByScimId.set(account.scim.id, account.accountId);
    this.log(origin, 'account.create', [account.accountId], { email: account.email });
    return account;
  }

  /** Applies a change to an account, keeping the email and SCIM indexes true, and logs it. */
  updateAccount(
    accountId: string,
    change: Partial<Omit<Account, 'accountId' | 'createdAt'>>,
    origin: WriteOrigin | null,
    operation = 'account.update',
  ): Account {
    const account = this.requireAccount(accountId);
    if (change.email !== undefined && change.email.toLowerCase() !== account.email.toLowerCase()) {
      this.accountByEmail.delete(account.email.toLowerCase());
      this.accountByEmail.set(change.email.toLowerCase(), accountId);
    }
    if (change.scim !== undefined && account.scim !== null) this.accountByScimId.delete(account.scim.id);
    Object.assign(account, change, { updatedAt: this.now().toISOString() });
    if (account.scim !== null) this.accountByScimId.set(account.scim.id, accountId);
    this.log(origin, operation, [accountId], { fields: Object.keys(change) });
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

  /** Adds a group; its members are indexed too. */
  insertGroup(group: Group, origin: WriteOrigin | null): Group {
    this.groups.set(group.id, group);
    this.groupByName.set(group.name.toLowerCase(), group.id);
    if (group.scimId !== null) this.groupByScimId.set(group.scimId, group.id);
    for (const accountId of group.members) this.indexMembership(accountId, group.id);
    this.log(origin, 'group.create', [], { groupId: group.id, name: group.name });
    return group;
  }

  /** Deletes a group; its space permissions stay behind, as in Confluence. */
  deleteGroup(groupId: string, origin: WriteOrigin | null): void {
    const group = this.requireGroup(groupId);
    for (const accountId of group.members) this.groupsByAccount.get(accountId)?.delete(groupId);
    this.groups.delete(groupId);
    this.deletedGroupNames.set(groupId, group.name);
    this.groupByName.delete(group.name.toLowerCase());
    if (group.scimId !== null) this.groupByScimId.delete(group.scimId);
    this.log(origin, 'group.delete', [...group.members], { groupId, name: group.name });
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

  /** Adds a member; returns false (and writes nothing) when already a member. */
  addMember(groupId: string, accountId: string, origin: WriteOrigin | null): boolean {
    const group = this.requireGroup(groupId);
    this.requireAccount(accountId);
    if (group.members.has(accountId)) return false;
    group.members.add(accountId);
    this.indexMembership(accountId, groupId);
    group.updatedAt = this.now().toISOString();
    this.log(origin, 'group.member.add', [accountId], { groupId, group: group.name });
    return true;
  }

  /** Removes a member; returns false (and writes nothing) when not a member. */
  removeMember(groupId: string, accountId: string, origin: WriteOrigin | null): boolean {
    const group = this.requireGroup(groupId);
    if (!group.members.delete(accountId)) return false;
    this.groupsByAccount.get(accountId)?.delete(groupId);
    group.updatedAt = this.now().toISOString();
    this.log(origin, 'group.member.remove', [accountId], { groupId, group: group.name });
    return true;
  }

  /** Adds a space with a fresh id and no permissions. */
  insertSpace(space: Omit<Space, 'id' | 'permissions' | 'homepageId'>, origin: WriteOrigin | null): Space {
    const id = this.nextSpaceId++;
    const created: Space = { ...space, id, homepageId: id * 10 + 1, permissions: [] };
    this.spaces.set(id, created);
    this.spaceOrder.push(id);
    this.spaceByKey.set(created.key, id);
    this.log(origin, 'space.create', [], { spaceId: id, key: created.key });
    return created;
  }

  /** Changes a space's name, status or description. */
  updateSpace(
    spaceId: number,
    change: Partial<Pick<Space, 'name' | 'status' | 'description'>>,
    origin: WriteOrigin | null,
  ): Space {
    const space = this.requireSpace(spaceId);
    Object.assign(space, change);
    this.log(origin, 'space.update', [], { spaceId, fields: Object.keys(change) });
    return space;
  }

  /** Appends one permission row to a space; rules on what may be added belong to the API that asks. */
  addSpacePermission(
    spaceId: number,
    principal: Principal,
    key: PermissionKey,
    target: PermissionTarget,
    origin: WriteOrigin | null,
  ): SpacePermission {
    const space = this.requireSpace(spaceId);
    const permission: SpacePermission = { id: this.nextPermissionId++, spaceId, principal, key, target };
    space.permissions.push(permission);
    this.permissionById.set(permission.id, permission);
    this.log(origin, 'space.permission.add', principalAccounts(principal), {
      spaceId,
      spaceKey: space.key,
      permissionId: permission.id,
      principal,
      operation: `${key}/${target}`,
    });
    return permission;
  }

  /** Removes permission rows by id from their space. */
  removeSpacePermissions(ids: number[], origin: WriteOrigin | null): void {
    for (const id of ids) {
      const permission = this.permissionById.get(id);
      if (permission === undefined) continue;
      const space = this.requireSpace(permission.spaceId);
      space.permissions = space.permissions.filter((p) => p.id !== id);
      this.permissionById.delete(id);
      this.log(origin, 'space.permission.remove', principalAccounts(permission.principal), {
        spaceId: space.id,
        spaceKey: space.key,
        permissionId: id,
        principal: permission.principal,
        operation: `${permission.key}/${permission.target}`,
      });
    }
  }

  requireAccount(accountId: string): Account {
    const account = this.accounts.get(accountId);
    if (account === undefined) throw new Error(`no account ${accountId}`);
    return account;
  }

  requireGroup(groupId: string): Group {
    const group = this.groups.get(groupId);
    if (group === undefined) throw new Error(`no group ${groupId}`);
    return group;
  }

  requireSpace(spaceId: number): Space {
    const space = this.spaces.get(spaceId);
    if (space === undefined) throw new Error(`no space ${spaceId}`);
    return space;
  }

  private indexMembership(accountId: string, groupId: string): void {
    let set = this.groupsByAccount.get(accountId);
    if (set === undefined) {
      set = new Set();
      this.groupsByAccount.set(accountId, set);
    }
    set.add(groupId);
  }

  /**
   * How many changes the state has seen, seeding included; it grows with every mutation, so an API
   * may cache what it derives from the state (e.g. the SCIM directory's member list) against it.
   */
  get changeCount(): number {
    return this.changes;
  }

  /** Seeding passes a null origin: the seed is the starting point, not a write. */
  private log(
    origin: WriteOrigin | null,
    operation: string,
    accountIds: string[],
    detail: Record<string, unknown>,
  ): void {
    this.changes += 1;
    if (origin === null) return;
    this.writeLog.push({
      seq: this.nextWriteSeq++,
      at: this.now().toISOString(),
      api: origin.api,
      request: origin.request,
      operation,
      accountIds,
      detail,
    });
  }
}

function principalAccounts(principal: Principal): string[] {
  return principal.type === 'user' ? [principal.id] : [];
}
