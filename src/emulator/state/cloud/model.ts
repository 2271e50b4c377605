import type { PermissionRowBase, SpaceOf } from '../shared/model.ts';

export type { Principal, WriteApi, WriteLogEntry, WriteOrigin } from '../shared/model.ts';

/** Products an Atlassian site can carry; `confluence` is the one Spacegate governs. */
export type ProductKey = 'confluence' | 'jira-software' | 'jira-servicedesk';

/** Product roles a group can carry (Atlassian `atlassian/user`, `atlassian/admin`, `atlassian/guest`). */
export type ProductRole = 'user' | 'admin' | 'guest';

/** An Atlassian account as the organization sees it. */
export interface Account {
  accountId: string;
  /** `atlassian` for people, `app` for bots, `customer` for JSM portal-only customers. */
  accountType: 'atlassian' | 'app' | 'customer';
  /** `inactive` after lifecycle/disable or SCIM `active:false`; `closed` after deletion. */
  accountStatus: 'active' | 'inactive' | 'closed';
  email: string;
  displayName: string;
  givenName: string;
  familyName: string;
  nickname: string;
  department: string | null;
  title: string | null;
  organization: string | null;
  timezone: string;
  locale: string;
  managerAccountId: string | null;
  /** Accounts on the org's verified domain are managed: the admin API and SCIM see only them. */
  managed: boolean;
  /** Guests (external collaborators) reach only the spaces they are invited to. */
  guest: boolean;
  /** Set when the account is in the SCIM directory (synced from the identity provider). */
  scim: ScimLink | null;
  lastActive: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The SCIM side of an account: its own id (not the accountId), externalId, and the SCIM `active` flag. */
export interface ScimLink {
  id: string;
  externalId: string | null;
  active: boolean;
  preferredLanguage: string | null;
  phoneNumbers: Array<{ value: string; type?: string; primary?: boolean }>;
  employeeNumber: string | null;
}

/** A product role granted to a group, which gives every member that product. */
export interface ProductGrant {
  product: ProductKey;
  role: ProductRole;
}

/** An Atlassian group; membership in a group carrying a product grant is what gives product access. */
export interface Group {
  id: string;
  name: string;
  description: string;
  productGrants: ProductGrant[];
  /** Groups synced from the identity provider (`externalSynced`); the admin API cannot change their members. */
  scimId: string | null;
  externalId: string | null;
  members: Set<string>;
  createdAt: string;
  updatedAt: string;
}

/** Space-permission operation keys Confluence Cloud accepts in the v1 add API. */
export type PermissionKey =
  | 'read'
  | 'delete'
  | 'create'
  | 'archive'
  | 'export'
  | 'administer'
  | 'restrict_content';

/** Space-permission targets Confluence Cloud accepts in the v1 add API. */
export type PermissionTarget = 'space' | 'page' | 'blogpost' | 'comment' | 'attachment';

/** One row of a space's permission table. */
export interface SpacePermission extends PermissionRowBase {
  key: PermissionKey;
  target: PermissionTarget;
}

/** A Confluence Cloud space; personal spaces have the key `~accountId`. */
export type Space = SpaceOf<SpacePermission>;

/** The credentials the emulated organization accepts. */
export interface Credentials {
  siteEmail: string;
  siteApiToken: string;
  adminApiKey: string;
  scimKey: string;
  revoked: Set<'site' | 'admin' | 'scim'>;
}
