import type { IdentityStatus, RequestStatus, StoredAccount, StoredEntitlement } from '../model.ts';

/** How much of a list to read: at most `limit` items after the `cursor` an earlier page returned. */
export interface PageRequest {
  limit: number;
  /** Opaque; from `Page.nextCursor` of the same query. A cursor of another query is refused. */
  cursor?: string | undefined;
  /** Also count every match (one more query; ask only where a total is shown). */
  withTotal?: boolean | undefined;
}

/** One page of a list, in the query's order: the next page starts at `nextCursor` (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** Which way a list runs along its sort column. */
export type SortDirection = 'asc' | 'desc';

/** An account as a list shows it: without its aggregated attributes (read one account for those). */
export type AccountSummary = Omit<StoredAccount, 'attributes'> & { guest: boolean };

/** The orders an account list can have; each ends with the account key, so the order is total. */
export type AccountSort = 'name' | 'email' | 'aggregatedAt';

/** Accounts by search text (email, name or key, contained, case-insensitive), status, orphan, guest. */
export interface AccountQuery extends PageRequest {
  q?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
  /** true: only accounts correlated to no identity; false: only correlated ones. */
  orphan?: boolean | undefined;
  guest?: boolean | undefined;
  sort?: AccountSort | undefined;
  /** The order's direction; by default names and emails A–Z, the last aggregation newest first. */
  direction?: SortDirection | undefined;
}

/**
 * The orders an identity list can have: by name (last name, first name), email, department, job
 * title or status; each ends with the employee id, and a person without a department or title sorts first.
 */
export type IdentitySort = 'name' | 'email' | 'department' | 'jobTitle' | 'status';

/** Identities by search text (name, email or employee id), status and manager; by last name unless `sort` says. */
export interface IdentityQuery extends PageRequest {
  q?: string | undefined;
  status?: IdentityStatus | undefined;
  managerId?: string | undefined;
  /** Leave this identity out (the asker, in a beneficiary picker). */
  excludeId?: string | undefined;
  sort?: IdentitySort | undefined;
  /** A–Z unless told. */
  direction?: SortDirection | undefined;
}

/** The orders an entitlement list can have; each ends with type and key, which are unique together. */
export type EntitlementSort = 'type' | 'name' | 'key';

/** Entitlements of one type or both, by key or name; by type, then key, unless `sort` says. */
export interface EntitlementQuery extends PageRequest {
  type?: StoredEntitlement['type'] | undefined;
  q?: string | undefined;
  sort?: EntitlementSort | undefined;
  /** A–Z unless told. */
  direction?: SortDirection | undefined;
}

/** The accounts holding a group (its direct members) or any permission in a space, ordered by account key. */
export type HolderQuery = PageRequest &
  ({ kind: 'group'; groupId: string } | { kind: 'space'; spaceKey: string }) & {
    /** Only accounts of people in this department, leaving one person out: an approver's "peers who hold it". */
    peersOf?: { department: string; excludeIdentityId: string } | undefined;
  };

/** An account's effective access, or only what of it is in one space or group. */
export interface AccessQuery extends PageRequest {
  accountKey: string;
  item?: { type: 'group' | 'space'; key: string } | undefined;
}

/** One piece of an account's effective access: a group, or a `SPACEKEY:option` held directly or through a group. */
export interface AccessEntry {
  kind: 'group' | 'space';
  value: string;
  /** The group that gives it; null when held directly. */
  viaGroup: { key: string; name: string } | null;
}

/** How much an account holds: groups, and space permissions direct and through groups (each counted once per source). */
export interface AccessTotals {
  groups: number;
  spacePermissions: number;
}

/** People in one department who hold a group or something in a space, leaving one person out. */
export type PeerQuery = ({ kind: 'group'; groupId: string } | { kind: 'space'; spaceKey: string }) & {
  department: string;
  excludeIdentityId: string;
  /** How many names to give (the first by account key). */
  names: number;
  /** Count no further than this: a bigger answer is `atLeast`. */
  cap: number;
};

/** A few of the peers by name and how many there are (`atLeast` when the count stopped at the cap). */
export interface PeerSummary {
  names: string[];
  total: number;
  atLeast: boolean;
}

/** One holding account with what it holds there: the group id, or its `SPACEKEY:option` values. */
export interface HolderRow {
  accountKey: string;
  email: string;
  displayName: string;
  values: string[];
}

/**
 * The orders a catalog list can have; each ends with the item id. `risk` orders by level (low,
 * medium, high: not by the word), then name.
 */
export type CatalogSort = 'type' | 'name' | 'key' | 'risk';

/** Catalog items by name or key, type and requestability; by type, name, id unless `sort` says. */
export interface CatalogQuery extends PageRequest {
  q?: string | undefined;
  type?: 'group' | 'space' | undefined;
  requestable?: boolean | undefined;
  sort?: CatalogSort | undefined;
  /** A–Z (and low risk first) unless told. */
  direction?: SortDirection | undefined;
}

/** Who a request list is restricted to: requests this identity requested, is the beneficiary of, approves, or (as owner) owns. */
export interface RequestVisibility {
  identityId: string;
  /** Also the requests for catalog items this identity owns. */
  asOwner: boolean;
  /** Also the requests this identity is an approver of. */
  asApprover: boolean;
}

/** Access requests by status, beneficiary, requester, item and visibility; newest first. */
export interface RequestQuery extends PageRequest {
  status?: RequestStatus[] | undefined;
  beneficiaryId?: string | undefined;
  requesterId?: string | undefined;
  itemId?: string | undefined;
  visibleTo?: RequestVisibility | undefined;
  /** Contained in the request id, the item's name or a person's name (case-insensitive). */
  q?: string | undefined;
  /** Oldest first instead of newest first (what has waited longest, on a start page). */
  oldestFirst?: boolean | undefined;
}

/**
 * The orders an inbox can have: when the request was submitted, the beneficiary's name (last name,
 * first name), the item's name, or the request's risk (the item's, raised by each permission asked
 * for, as `requestRisk` reckons it); each then by submission and ends with the approval id.
 */
export type InboxSort = 'submitted' | 'beneficiary' | 'item' | 'risk';

/** The undecided approvals of one approver at their request's current stage, oldest request first unless `sort` says. */
export interface InboxQuery extends PageRequest {
  approverId: string;
  sort?: InboxSort | undefined;
  /** Oldest first, names A–Z, low risk first, unless told. */
  direction?: SortDirection | undefined;
}

/** Audit events by type, actor, subject and time range (ISO, inclusive); newest first. */
export interface AuditQuery extends PageRequest {
  type?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}
