import type { PermissionRowBase, Principal, SpaceOf } from '../shared/model.ts';

/** The Confluence Data Center releases the emulator answers as (reference §10). */
export type DcVersion = '7.19' | '8.5' | '9.2';

/** A user directory (reference §9): the internal one, or an LDAP-like one that may be read-only. */
export interface DcDirectory {
  id: number;
  name: string;
  type: 'internal' | 'ldap';
  /** Read Only mode: its users, groups and memberships cannot be changed from Confluence. */
  readOnly: boolean;
}

/** A Data Center user: a mutable lower-case username and an immutable userKey (reference §1). */
export interface DcUser {
  userKey: string;
  username: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  department: string | null;
  title: string | null;
  active: boolean;
  directoryId: number;
  password: string;
  createdAt: string;
  updatedAt: string;
}

/** A Data Center group; its id is its lower-case name (groups are identified by name only). */
export interface DcGroup {
  id: string;
  name: string;
  directoryId: number;
  members: Set<string>;
  updatedAt: string;
}

/** Space permission types (the legacy `PERMTYPE` constants, reference §6.3). */
export const DC_SPACE_PERMISSIONS = [
  'VIEWSPACE',
  'REMOVEOWNCONTENT',
  'EDITSPACE',
  'REMOVEPAGE',
  'EDITBLOG',
  'REMOVEBLOG',
  'CREATEATTACHMENT',
  'REMOVEATTACHMENT',
  'COMMENT',
  'REMOVECOMMENT',
  'SETPAGEPERMISSIONS',
  'REMOVEMAIL',
  'EXPORTSPACE',
  'SETSPACEPERMISSIONS',
] as const;

/** One space permission type. */
export type DcSpacePermissionType = (typeof DC_SPACE_PERMISSIONS)[number];

/** One row of a space's permission table: a principal (user by userKey, group by name) and a type. */
export interface DcSpacePermission extends PermissionRowBase {
  type: DcSpacePermissionType;
}

/** A Data Center space. */
export type DcSpace = SpaceOf<DcSpacePermission>;

/** Global permissions (reference §7); `USECONFLUENCE` is *Can use*. */
export type DcGlobalPermission =
  | 'USECONFLUENCE'
  | 'ADMINISTRATECONFLUENCE'
  | 'SYSTEMADMINISTRATOR'
  | 'CREATESPACE'
  | 'PERSONALSPACE';

/** One global permission grant. */
export interface DcGlobalGrant {
  permission: DcGlobalPermission;
  principal: Principal;
}

/** The instance's settings an admin can change, and the emulator's answers where the reference is unconfirmed. */
export interface DcSettings {
  /** Remote API (XML-RPC & SOAP), which also gates JSON-RPC (reference §8). */
  remoteApi: boolean;
  /** HTTP status of a REST write refused by a read-only directory (unconfirmed, reference §9). */
  readOnlyStatus: number;
}

/** The credentials the emulated instance accepts: passwords live on users, tokens here. */
export interface DcCredentials {
  adminUsername: string;
  adminPassword: string;
  /** Personal access tokens (7.9+) by token, each carrying its creator's userKey. */
  tokens: Map<string, string>;
  adminToken: string;
  /** Auth schemes switched off by the control API: their requests answer 401. */
  revoked: Set<'basic' | 'pat'>;
}
