/** Who holds a space or global permission: an account (by its key), a group (by id), or anonymous users. */
export type Principal = { type: 'user'; id: string } | { type: 'group'; id: string } | { type: 'anonymous' };

/** Which API a write came through. */
export type WriteApi = 'scim' | 'admin' | 'confluence' | 'json-rpc' | 'control';

/** One entry of the write log: every change with the accounts it touched. */
export interface WriteLogEntry {
  seq: number;
  at: string;
  api: WriteApi;
  /** The request that caused it, e.g. `POST /wiki/rest/api/space/ENG/permission`. */
  request: string;
  /** A short name for the change, e.g. `group.member.add`. */
  operation: string;
  accountIds: string[];
  detail: Record<string, unknown>;
}

/** Where a write came from; every mutation of the state names it. */
export interface WriteOrigin {
  api: WriteApi;
  request: string;
}

/** What every flavour's account has: an email the index finds it by and its timestamps. */
export interface AccountBase {
  email: string;
  createdAt: string;
  updatedAt: string;
}

/** What every flavour's group has: an id, a name (unique, case-insensitive) and direct members by account key. */
export interface GroupBase {
  id: string;
  name: string;
  members: Set<string>;
  updatedAt: string;
}

/** What every flavour's space-permission row has; the operation fields are the flavour's own. */
export interface PermissionRowBase {
  id: number;
  spaceId: number;
  principal: Principal;
}

/** A Confluence space; personal spaces have the key `~` plus the owner's accountId (Cloud) or username (DC). */
export interface SpaceOf<Row extends PermissionRowBase> {
  id: number;
  key: string;
  name: string;
  type: 'global' | 'personal';
  status: 'current' | 'archived';
  /** The key of the account that created it. */
  authorId: string;
  createdAt: string;
  homepageId: number;
  description: string;
  permissions: Row[];
}
