import type { ConnectorErrorJson } from './errors.ts';
import type { PermissionOptionId } from './permission-options.ts';

/** Account lifecycle as the target system reports it. */
export type AccountStatus = 'active' | 'inactive' | 'closed';

/**
 * Attributes every account carries whatever the flavour; a flavour's own (Cloud's `accountId` and
 * `guest`, Data Center's `username` and `userKey`) and the configured extras sit beside them, as
 * its manifest declares.
 */
export interface AccountAttributes {
  /** The unique identifier, compared case-insensitively. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  department: string | null;
  jobTitle: string | null;
  status: AccountStatus;
  /** Ids of the Confluence-carrying groups the account is a direct member of. */
  groups: string[];
  /** Space permissions held directly (not through a group), as `SPACEKEY:option`. */
  spacePermissions: string[];
  /** Extra attributes the configuration asked for, by their configured names. */
  [extra: string]: unknown;
}

/** One account in SailPoint's shape: `key` is the flavour's stable id (Cloud's accountId), `identity` the email. */
export interface AccountRecord {
  key: string;
  identity: string;
  disabled: boolean;
  attributes: AccountAttributes;
  /**
   * Present after a targeted read: `attributes.spacePermissions` covers only these space keys.
   * Absent when it covers every space.
   */
  scope?: { spaces: string[] };
}

/** The two entitlement types: Confluence-carrying groups and spaces with their permission options. */
export type EntitlementType = 'group' | 'space';

/** A group that carries Confluence access. `key` is the flavour's group id (a name where groups have no other id). */
export interface GroupEntitlement {
  type: 'group';
  key: string;
  attributes: {
    id: string;
    name: string;
    description: string | null;
    /** The Confluence access the group carries: use, administration, or guest use. */
    role: 'user' | 'admin' | 'guest';
    /** Spaces where the group itself holds permissions. */
    spacePermissions: string[];
  };
}

/** Who holds which options in a space: one row per principal (a user by its account key). */
export interface SpaceGrant {
  principal:
    | { type: 'user'; accountKey: string }
    | { type: 'group'; groupId: string; name: string | null }
    | { type: 'anonymous' };
  options: PermissionOptionId[];
}

/** A permission option as one space offers it: `manageable` when the adapter can grant and revoke it there. */
export interface SpaceOption {
  id: PermissionOptionId;
  label: string;
  manageable: boolean;
}

/** A Confluence space with the options a person can be given and who holds what. `key` is the space key. */
export interface SpaceEntitlement {
  type: 'space';
  key: string;
  attributes: {
    id: string;
    key: string;
    name: string;
    spaceType: 'global' | 'personal' | 'collaboration' | 'knowledge_base';
    status: 'current' | 'archived';
    /** Every option with whether this flavour's API can manage it here: what the core may offer. */
    options: SpaceOption[];
    /** Who holds permissions in the space, directly (users) and through groups. */
    grants: SpaceGrant[];
  };
}

export type EntitlementRecord = GroupEntitlement | SpaceEntitlement;

/** Opaque delta state: save it after a list and pass it back to get only what changed. */
export type DeltaState = Record<string, unknown>;

/** Counters every list reports at its end. */
export interface RunStats {
  apiCalls: number;
  retries: number;
  items: number;
  failures: number;
  durationMs: number;
}

/**
 * What a list streams: items as they arrive; `removed` for delta lists; `failure` for one item
 * that failed without stopping the run; `state` once at the end with the state to save.
 */
export type ListFrame<T> =
  | { type: 'item'; item: T }
  | { type: 'removed'; key: string }
  | { type: 'failure'; key: string; error: ConnectorErrorJson }
  | { type: 'state'; state: DeltaState; stats: RunStats };

/** SailPoint's attribute change (`AttributeChangeOp`): Add and Remove are for multi-valued attributes. */
export interface AttributeChange {
  op: 'Add' | 'Set' | 'Remove';
  attribute: string;
  /** One value or several; Remove on a single-valued attribute clears it. */
  value: unknown;
}

/** The outcome of a test of the connection: one row per API the connector needs. */
export interface ConnectionReport {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; message: string }>;
}
