import { DerivedLists } from './derived-lists.ts';
import type {
  AccountBase,
  GroupBase,
  PermissionRowBase,
  Principal,
  SpaceOf,
  WriteLogEntry,
  WriteOrigin,
} from './model.ts';

/**
 * What both flavours' states hold: accounts, groups and their memberships, spaces with permission
 * rows, the indexes the APIs look up by, the change counter and the write log. Each flavour extends
 * it with its own (Cloud: organization, directory, product roles; Data Center: usernames, global
 * permissions, user directories) and names its accounts' key.
 */
export abstract class SharedState<A extends AccountBase, G extends GroupBase, R extends PermissionRowBase> {
  readonly accounts = new Map<string, A>();
  /** Account keys in creation order, for stable paging. */
  readonly accountOrder: string[] = [];
  readonly groups = new Map<string, G>();
  readonly spaces = new Map<number, SpaceOf<R>>();
  /** Space ids in ascending order (spaces are created with growing ids). */
  readonly spaceOrder: number[] = [];
  readonly writeLog: WriteLogEntry[] = [];
  /** Names of deleted groups by id: their space permissions stay behind and Confluence still names them. */
  readonly deletedGroupNames = new Map<string, string>();
  /** Lists the APIs derive from this state, dropped with it. */
  readonly derived = new DerivedLists(() => this.changes);

  protected readonly accountByEmail = new Map<string, string>();
  private readonly groupByName = new Map<string, string>();
  private readonly groupsByAccount = new Map<string, Set<string>>();
  private readonly spaceByKey = new Map<string, number>();
  private readonly permissionById = new Map<number, R>();
  private nextPermissionId = 1_000_001;
  private nextSpaceId = 98_305;
  private nextWriteSeq = 1;
  private changes = 0;

  constructor(
    /** The clock the state stamps changes with; tests may pin it. */
    readonly now: () => Date = () => new Date(),
  ) {}

  /** The key an account is stored and referred to by (accountId on Cloud, userKey on Data Center). */
  protected abstract keyOf(account: A): string;

  /** A short name of a permission row's operation for the write log, e.g. `read/space` or `VIEWSPACE`. */
  protected abstract operationOf(row: R): string;

  accountByEmailAddress(email: string): A | undefined {
    const id = this.accountByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  groupByGroupName(name: string): G | undefined {
    const id = this.groupByName.get(name.toLowerCase());
    return id === undefined ? undefined : this.groups.get(id);
  }

  spaceByKeyName(key: string): SpaceOf<R> | undefined {
    const id = this.spaceByKey.get(key);
    return id === undefined ? undefined : this.spaces.get(id);
  }

  permission(id: number): R | undefined {
    return this.permissionById.get(id);
  }

  /** Groups an account is a direct member of. */
  groupsOf(accountKey: string): G[] {
    const ids = this.groupsByAccount.get(accountKey);
    if (ids === undefined) return [];
    return [...ids].flatMap((id) => {
      const group = this.groups.get(id);
      return group === undefined ? [] : [group];
    });
  }

  /** Adds an account built elsewhere (seed or API); indexes it and logs the write. */
  insertAccount(account: A, origin: WriteOrigin | null): A {
    const key = this.keyOf(account);
    this.accounts.set(key, account);
    this.accountOrder.push(key);
    if (account.email !== '') this.accountByEmail.set(account.email.toLowerCase(), key);
    this.log(origin, 'account.create', [key], { email: account.email });
    return account;
  }

  /** Applies a change to an account, keeping the email index true, and logs it. */
  updateAccount(
    key: string,
    change: Partial<Omit<A, 'createdAt'>>,
    origin: WriteOrigin | null,
    operation = 'account.update',
  ): A {
    const account = this.requireAccount(key);
    if (change.email !== undefined && change.email.toLowerCase() !== account.email.toLowerCase()) {
      this.accountByEmail.delete(account.email.toLowerCase());
      this.accountByEmail.set(change.email.toLowerCase(), key);
    }
    Object.assign(account, change, { updatedAt: this.now().toISOString() });
    this.log(origin, operation, [key], { fields: Object.keys(change) });
    return account;
  }

  /** Adds a group; its members are indexed too. */
  insertGroup(group: G, origin: WriteOrigin | null): G {
    this.groups.set(group.id, group);
    this.groupByName.set(group.name.toLowerCase(), group.id);
    for (const key of group.members) this.indexMembership(key, group.id);
    this.log(origin, 'group.create', [], { groupId: group.id, name: group.name });
    return group;
  }

  /** Deletes a group; its space permissions stay behind, as in Confluence. */
  deleteGroup(groupId: string, origin: WriteOrigin | null): void {
    const group = this.requireGroup(groupId);
    for (const key of group.members) this.groupsByAccount.get(key)?.delete(groupId);
    this.groups.delete(groupId);
    this.deletedGroupNames.set(groupId, group.name);
    this.groupByName.delete(group.name.toLowerCase());
    this.log(origin, 'group.delete', [...group.members], { groupId, name: group.name });
  }

  /** Adds a member; returns false (and writes nothing) when already a member. */
  addMember(groupId: string, key: string, origin: WriteOrigin | null): boolean {
    const group = this.requireGroup(groupId);
    this.requireAccount(key);
    if (group.members.has(key)) return false;
    group.members.add(key);
    this.indexMembership(key, groupId);
    group.updatedAt = this.now().toISOString();
    this.log(origin, 'group.member.add', [key], { groupId, group: group.name });
    return true;
  }

  /** Removes a member; returns false (and writes nothing) when not a member. */
  removeMember(groupId: string, key: string, origin: WriteOrigin | null): boolean {
    const group = this.requireGroup(groupId);
    if (!group.members.delete(key)) return false;
    this.groupsByAccount.get(key)?.delete(groupId);
    group.updatedAt = this.now().toISOString();
    this.log(origin, 'group.member.remove', [key], { groupId, group: group.name });
    return true;
  }

  /** Adds a space with a fresh id and no permissions. */
  insertSpace(space: Omit<SpaceOf<R>, 'id' | 'permissions' | 'homepageId'>, origin: WriteOrigin | null) {
    const id = this.nextSpaceId++;
    const created: SpaceOf<R> = { ...space, id, homepageId: id * 10 + 1, permissions: [] };
    this.spaces.set(id, created);
    this.spaceOrder.push(id);
    this.spaceByKey.set(created.key, id);
    this.log(origin, 'space.create', [], { spaceId: id, key: created.key });
    return created;
  }

  /** Changes a space's name, status or description. */
  updateSpace(
    spaceId: number,
    change: Partial<Pick<SpaceOf<R>, 'name' | 'status' | 'description'>>,
    origin: WriteOrigin | null,
  ): SpaceOf<R> {
    const space = this.requireSpace(spaceId);
    Object.assign(space, change);
    this.log(origin, 'space.update', [], { spaceId, fields: Object.keys(change) });
    return space;
  }

  /** Appends one permission row to a space; rules on what may be added belong to the API that asks. */
  addPermissionRow(spaceId: number, fields: Omit<R, 'id' | 'spaceId'>, origin: WriteOrigin | null): R {
    const space = this.requireSpace(spaceId);
    const row = { ...fields, id: this.nextPermissionId++, spaceId } as R;
    space.permissions.push(row);
    this.permissionById.set(row.id, row);
    this.log(origin, 'space.permission.add', principalAccounts(row.principal), {
      spaceId,
      spaceKey: space.key,
      permissionId: row.id,
      principal: row.principal,
      operation: this.operationOf(row),
    });
    return row;
  }

  /** Removes permission rows by id from their space. */
  removeSpacePermissions(ids: number[], origin: WriteOrigin | null): void {
    for (const id of ids) {
      const row = this.permissionById.get(id);
      if (row === undefined) continue;
      const space = this.requireSpace(row.spaceId);
      space.permissions = space.permissions.filter((p) => p.id !== id);
      this.permissionById.delete(id);
      this.log(origin, 'space.permission.remove', principalAccounts(row.principal), {
        spaceId: space.id,
        spaceKey: space.key,
        permissionId: id,
        principal: row.principal,
        operation: this.operationOf(row),
      });
    }
  }

  requireAccount(key: string): A {
    const account = this.accounts.get(key);
    if (account === undefined) throw new Error(`no account ${key}`);
    return account;
  }

  requireGroup(groupId: string): G {
    const group = this.groups.get(groupId);
    if (group === undefined) throw new Error(`no group ${groupId}`);
    return group;
  }

  requireSpace(spaceId: number): SpaceOf<R> {
    const space = this.spaces.get(spaceId);
    if (space === undefined) throw new Error(`no space ${spaceId}`);
    return space;
  }

  /**
   * How many changes the state has seen, seeding included; it grows with every mutation, so an API
   * may cache what it derives from the state against it.
   */
  get changeCount(): number {
    return this.changes;
  }

  /** Removes an account from every group and from the indexes (Data Center deletes; Cloud closes). */
  protected forgetAccount(key: string): void {
    const account = this.requireAccount(key);
    for (const group of this.groupsOf(key)) group.members.delete(key);
    this.groupsByAccount.delete(key);
    this.accountByEmail.delete(account.email.toLowerCase());
    this.accounts.delete(key);
    const index = this.accountOrder.indexOf(key);
    if (index >= 0) this.accountOrder.splice(index, 1);
  }

  /** Counts a change and, unless seeding (a null origin: the starting point, not a write), logs it. */
  protected log(
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

  private indexMembership(key: string, groupId: string): void {
    let set = this.groupsByAccount.get(key);
    if (set === undefined) {
      set = new Set();
      this.groupsByAccount.set(key, set);
    }
    set.add(groupId);
  }
}

function principalAccounts(principal: Principal): string[] {
  return principal.type === 'user' ? [principal.id] : [];
}
