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
  direction?: 'asc' | 'desc' | undefined;
}

/** Identities by search text (name, email or employee id), status and manager; ordered by last name. */
export interface IdentityQuery extends PageRequest {
  q?: string | undefined;
  status?: IdentityStatus | undefined;
  managerId?: string | undefined;
  /** Leave this identity out (the asker, in a beneficiary picker). */
  excludeId?: string | undefined;
}

/** Entitlements of one type or both, by key or name; ordered by type, then key. */
export interface EntitlementQuery extends PageRequest {
  type?: StoredEntitlement['type'] | undefined;
  q?: string | undefined;
}

/** The accounts holding a group (its direct members) or any permission in a space, ordered by account key. */
export type HolderQuery = PageRequest &
  ({ kind: 'group'; groupId: string } | { kind: 'space'; spaceKey: string }) & {
    /** Only accounts of people in this department, leaving one person out: an approver's "peers who hold it". */
    peersOf?: { department: string; excludeIdentityId: string } | undefined;
  };

/** One holding account with what it holds there: the group id, or its `SPACEKEY:option` values. */
export interface HolderRow {
  accountKey: string;
  email: string;
  displayName: string;
  values: string[];
}

/** Catalog items by name or key, type and requestability; ordered by type, name, id. */
export interface CatalogQuery extends PageRequest {
  q?: string | undefined;
  type?: 'group' | 'space' | undefined;
  requestable?: boolean | undefined;
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

/** The undecided approvals of one approver at their request's current stage, oldest request first. */
export interface InboxQuery extends PageRequest {
  approverId: string;
}

/** Audit events by type, actor, subject and time range (ISO, inclusive); newest first. */
export interface AuditQuery extends PageRequest {
  type?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}
