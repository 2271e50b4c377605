import type { AccountBase, GroupBase, WriteOrigin } from './model.ts';
import { StateCore } from './state-core.ts';

/** Accounts, groups and memberships with their indexes: what both flavours' directories share. */
export abstract class PeopleState<A extends AccountBase, G extends GroupBase> extends StateCore {
  readonly accounts = new Map<string, A>();
  /** Account keys in creation order, for stable paging. */
  readonly accountOrder: string[] = [];
  readonly groups = new Map<string, G>();
  /** Names of deleted groups by id: their space permissions stay behind and Confluence still names them. */
  readonly deletedGroupNames = new Map<string, string>();

  protected readonly accountByEmail = new Map<string, string>();
  private readonly groupByName = new Map<string, string>();
  private readonly groupsByAccount = new Map<string, Set<string>>();

  /** The key an account is stored and referred to by (accountId on Cloud, userKey on Data Center). */
  protected abstract keyOf(account: A): string;

  accountByEmailAddress(email: string): A | undefined {
    const id = this.accountByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  groupByGroupName(name: string): G | undefined {
    const id = this.groupByName.get(name.toLowerCase());
    return id === undefined ? undefined : this.groups.get(id);
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

  private indexMembership(key: string, groupId: string): void {
    let set = this.groupsByAccount.get(key);
    if (set === undefined) {
      set = new Set();
      this.groupsByAccount.set(key, set);
    }
    set.add(groupId);
  }
}
