import type { Principal, WriteOrigin } from '../shared/model.ts';
import { SharedState } from '../shared/shared-state.ts';
import type {
  DcCredentials,
  DcDirectory,
  DcGlobalGrant,
  DcGlobalPermission,
  DcGroup,
  DcSettings,
  DcSpacePermission,
  DcSpacePermissionType,
  DcUser,
  DcVersion,
} from './model.ts';

/** What identifies the emulated instance: its release and the context path it is served under. */
export interface DcInstance {
  version: DcVersion;
  /** The full version string the manifest reports, e.g. `8.5.20`. */
  fullVersion: string;
  buildNumber: number;
  /** `/confluence` (reference §1); the REST base is `{baseUrl}{contextPath}/rest/api`. */
  contextPath: string;
}

/**
 * All of an emulated Confluence Data Center: the shared accounts (by userKey), groups (by name),
 * spaces and write log, plus what only Data Center has: usernames, global permissions held by users,
 * groups and anonymous, user directories (one read-only), settings and long-running tasks.
 */
export class DcState extends SharedState<DcUser, DcGroup, DcSpacePermission> {
  readonly directories: DcDirectory[] = [];
  readonly globalGrants: DcGlobalGrant[] = [];
  /** Long tasks (user deletion answers with one), by id. */
  readonly longTasks = new Map<string, { name: string; finished: boolean }>();
  private readonly userKeyByUsername = new Map<string, string>();
  /** `permission|principal` for every grant, so a check costs the user's groups, not all grants. */
  private readonly grantIndex = new Set<string>();

  constructor(
    readonly instance: DcInstance,
    readonly credentials: DcCredentials,
    readonly settings: DcSettings,
    now?: () => Date,
  ) {
    super(now);
  }

  protected override keyOf(user: DcUser): string {
    return user.userKey;
  }

  protected override operationOf(row: DcSpacePermission): string {
    return row.type;
  }

  /** The user with this username (usernames are case-insensitive and stored lower-case). */
  userByUsername(username: string): DcUser | undefined {
    const key = this.userKeyByUsername.get(username.toLowerCase());
    return key === undefined ? undefined : this.accounts.get(key);
  }

  /** The directory a user or group lives in. */
  directoryOf(entry: { directoryId: number }): DcDirectory {
    const directory = this.directories.find((d) => d.id === entry.directoryId);
    if (directory === undefined) throw new Error(`no directory ${entry.directoryId}`);
    return directory;
  }

  /** Adds a user and indexes its username. */
  override insertAccount(user: DcUser, origin: WriteOrigin | null): DcUser {
    this.userKeyByUsername.set(user.username.toLowerCase(), user.userKey);
    return super.insertAccount(user, origin);
  }

  /** Deletes a user for good: memberships and permission rows go with it, as in Confluence. */
  deleteUser(userKey: string, origin: WriteOrigin | null): void {
    const user = this.requireAccount(userKey);
    const rows = [...this.spaces.values()].flatMap((space) =>
      space.permissions.filter((p) => p.principal.type === 'user' && p.principal.id === userKey),
    );
    this.removeSpacePermissions(
      rows.map((row) => row.id),
      origin,
    );
    this.userKeyByUsername.delete(user.username.toLowerCase());
    this.forgetAccount(userKey);
    this.log(origin, 'account.delete', [userKey], { username: user.username });
  }

  /** Appends one space permission row; the API that asks checks the rules. */
  addSpacePermission(
    spaceId: number,
    principal: Principal,
    type: DcSpacePermissionType,
    origin: WriteOrigin | null,
  ): DcSpacePermission {
    return this.addPermissionRow(spaceId, { principal, type }, origin);
  }

  /** Grants a global permission; returns false when the principal already held it. */
  grantGlobal(permission: DcGlobalPermission, principal: Principal, origin: WriteOrigin | null): boolean {
    const indexKey = grantKey(permission, principal);
    if (this.grantIndex.has(indexKey)) return false;
    this.grantIndex.add(indexKey);
    this.globalGrants.push({ permission, principal });
    this.log(origin, 'global.permission.add', principal.type === 'user' ? [principal.id] : [], {
      permission,
      principal,
    });
    return true;
  }

  /** Revokes a global permission; returns false when the principal did not hold it. */
  revokeGlobal(permission: DcGlobalPermission, principal: Principal, origin: WriteOrigin | null): boolean {
    const index = this.globalGrants.findIndex(
      (g) => g.permission === permission && samePrincipal(g.principal, principal),
    );
    if (index < 0) return false;
    this.globalGrants.splice(index, 1);
    this.grantIndex.delete(grantKey(permission, principal));
    this.log(origin, 'global.permission.remove', principal.type === 'user' ? [principal.id] : [], {
      permission,
      principal,
    });
    return true;
  }

  /** Whether a user holds a global permission directly or through a group (disabled users hold nothing). */
  hasGlobal(userKey: string, permission: DcGlobalPermission): boolean {
    const user = this.accounts.get(userKey);
    if (user === undefined || !user.active) return false;
    if (this.grantIndex.has(grantKey(permission, { type: 'user', id: userKey }))) return true;
    return this.groupsOf(userKey).some((group) =>
      this.grantIndex.has(grantKey(permission, { type: 'group', id: group.id })),
    );
  }

  /** Whether anonymous users hold *Can use* (anonymous access is on). */
  get anonymousAccess(): boolean {
    return this.globalGrants.some(
      (g) => g.permission === 'USECONFLUENCE' && g.principal.type === 'anonymous',
    );
  }

  /** Whether a user administers Confluence (Confluence or System Administrator). */
  isAdmin(userKey: string): boolean {
    return (
      this.hasGlobal(userKey, 'SYSTEMADMINISTRATOR') || this.hasGlobal(userKey, 'ADMINISTRATECONFLUENCE')
    );
  }
}

function grantKey(permission: DcGlobalPermission, principal: Principal): string {
  return `${permission}|${principal.type}|${principal.type === 'anonymous' ? '' : principal.id}`;
}

function samePrincipal(a: Principal, b: Principal): boolean {
  if (a.type === 'anonymous' || b.type === 'anonymous') return a.type === b.type;
  return a.type === b.type && a.id === b.id;
}
