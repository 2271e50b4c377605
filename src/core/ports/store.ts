import type {
  AccessRequest,
  Approval,
  Assignment,
  AuditEvent,
  CatalogItem,
  Identity,
  JobPayload,
  RequestKind,
  RequestStatus,
  StoredAccount,
  StoredEntitlement,
} from '../model.ts';
import type { AggregationRunRepository, AggregationStageRepository } from './aggregation-store.ts';
import type { DriftRepository } from './drift-store.ts';
import type {
  AccessEntry,
  AccessQuery,
  AccessTotals,
  AccountQuery,
  AccountSummary,
  AuditQuery,
  CatalogQuery,
  EntitlementQuery,
  HolderQuery,
  HolderRow,
  IdentityQuery,
  InboxQuery,
  Page,
  PeerQuery,
  PeerSummary,
  RequestQuery,
} from './paging.ts';
import type { ReviewRepository } from './review-store.ts';

export type * from './drift-store.ts';
export type * from './paging.ts';
export type * from './review-store.ts';

/** Identities by employee id and by email (case-insensitive). */
export interface IdentityRepository {
  get(id: string): Promise<Identity | undefined>;
  getByEmail(email: string): Promise<Identity | undefined>;
  /** The identities with these ids that exist, in no particular order. */
  getMany(ids: ReadonlyArray<string>): Promise<Identity[]>;
  /** Every identity, for batch jobs (HR import, correlation); views page instead. */
  list(): Promise<Identity[]>;
  page(query: IdentityQuery): Promise<Page<Identity>>;
  upsert(identity: Identity): Promise<void>;
}

/** Aggregated accounts; `replaceAll` swaps the whole set inside the caller's transaction. */
export interface AccountRepository {
  get(key: string): Promise<StoredAccount | undefined>;
  getByIdentity(identityId: string): Promise<StoredAccount | undefined>;
  /** The account key of each of these identities that has one (the first by key, as `getByIdentity`). */
  keysOfIdentities(identityIds: ReadonlyArray<string>): Promise<Map<string, string>>;
  /** Every account, for batch jobs (correlation); views page instead. */
  list(): Promise<StoredAccount[]>;
  page(query: AccountQuery): Promise<Page<AccountSummary>>;
  upsert(account: StoredAccount): Promise<void>;
  replaceAll(accounts: StoredAccount[]): Promise<void>;
}

/** Aggregated groups and spaces. */
export interface EntitlementRepository {
  get(type: StoredEntitlement['type'], key: string): Promise<StoredEntitlement | undefined>;
  /** The entitlements of this type with these keys that exist, in no particular order. */
  getMany(type: StoredEntitlement['type'], keys: ReadonlyArray<string>): Promise<StoredEntitlement[]>;
  /** Only the names of these (a group's attributes can be megabytes; a label needs none of them). */
  namesOf(type: StoredEntitlement['type'], keys: ReadonlyArray<string>): Promise<Map<string, string>>;
  /** Every entitlement, for batch jobs (the catalog sync); views page instead. */
  list(type?: StoredEntitlement['type']): Promise<StoredEntitlement[]>;
  page(query: EntitlementQuery): Promise<Page<StoredEntitlement>>;
  replaceAll(entitlements: StoredEntitlement[]): Promise<void>;
}

/** Who holds what, directly. */
export interface AssignmentRepository {
  listByAccount(accountKey: string): Promise<Assignment[]>;
  /** The accounts that hold a group or a space's permissions directly, from the same rows as `listByAccount`. */
  holders(query: HolderQuery): Promise<Page<HolderRow>>;
  /** One page of an account's effective access (direct, and space permissions through its groups), in the database. */
  access(query: AccessQuery): Promise<Page<AccessEntry>>;
  /** Per account key asked for (zero for one that holds nothing). */
  accessTotals(accountKeys: ReadonlyArray<string>): Promise<Map<string, AccessTotals>>;
  /** The inbox's "peers who hold it": a few names and a count that stops at the cap. */
  peers(query: PeerQuery): Promise<PeerSummary>;
  add(assignment: Assignment): Promise<void>;
  remove(assignment: Assignment): Promise<void>;
  replaceAll(assignments: Assignment[]): Promise<void>;
  count(): Promise<number>;
}

/** Catalog items by id. */
export interface CatalogRepository {
  get(id: string): Promise<CatalogItem | undefined>;
  /** The items with these ids that exist, in no particular order. */
  getMany(ids: ReadonlyArray<string>): Promise<CatalogItem[]>;
  /** Every item, for batch jobs (the catalog sync); views page instead. */
  list(): Promise<CatalogItem[]>;
  page(query: CatalogQuery): Promise<Page<CatalogItem>>;
  upsert(item: CatalogItem): Promise<void>;
}

/** Filters for listing access requests. */
export interface RequestFilter {
  status?: RequestStatus[];
  beneficiaryId?: string;
  /** One item: a catalog item, or `account:<accountKey>` for the account's deactivations and reactivations. */
  itemId?: string;
  kinds?: RequestKind[];
}

/** Access requests; `openKey` is unique among open requests so duplicates cannot slip in. */
export interface RequestRepository {
  get(id: string): Promise<AccessRequest | undefined>;
  /** Locks the request until the transaction ends, so concurrent decisions on it run one after another. */
  lock(id: string): Promise<void>;
  findOpen(openKey: string): Promise<AccessRequest | undefined>;
  /** Throws `DomainError('request.duplicate_open')` when another open request holds the key. */
  insert(request: AccessRequest, openKey: string | null): Promise<void>;
  /** Applies the patch only while the request is in one of `from`; false when it was not. */
  transition(
    id: string,
    from: RequestStatus[],
    patch: Partial<
      Pick<AccessRequest, 'status' | 'currentStage' | 'failureReason' | 'outcome' | 'updatedAt' | 'attempts'>
    >,
    openKey: string | null,
  ): Promise<boolean>;
  /** Every request matching the filter, oldest first: for the core's rules on one person's requests. */
  list(filter?: RequestFilter): Promise<AccessRequest[]>;
  page(query: RequestQuery): Promise<Page<AccessRequest>>;
  /** Fulfilled (or partially fulfilled) grants whose end date is at or before `now`. */
  listExpired(now: string): Promise<AccessRequest[]>;
}

/** Approver assignments and decisions. */
export interface ApprovalRepository {
  insert(approval: Approval): Promise<void>;
  listByRequest(requestId: string): Promise<Approval[]>;
  /** The approvals of these requests, by request, stage, assignment time. */
  listByRequests(requestIds: ReadonlyArray<string>): Promise<Approval[]>;
  /** The approver's undecided approvals at their request's current stage, with the request; never a request they are a party to (requester or beneficiary). */
  inbox(query: InboxQuery): Promise<Page<{ approval: Approval; request: AccessRequest }>>;
  listUndecided(): Promise<Approval[]>;
  update(id: string, patch: Partial<Omit<Approval, 'id' | 'requestId'>>): Promise<void>;
}

/** The append-only audit log. */
export interface AuditRepository {
  append(event: Omit<AuditEvent, 'seq'>): Promise<void>;
  list(filter?: { subject?: string; type?: string; afterSeq?: number }): Promise<AuditEvent[]>;
  page(query: AuditQuery): Promise<Page<AuditEvent>>;
}

/** A loaded policy or workflow definition, kept to notice and audit changes. */
export interface PolicyRecord {
  name: string;
  kind: 'attribute' | 'workflow';
  hash: string;
  content: string;
  loadedAt: string;
}

/** Stored policy versions. */
export interface PolicyRepository {
  get(name: string): Promise<PolicyRecord | undefined>;
  put(record: PolicyRecord): Promise<void>;
}

/** Durable fulfillment jobs, enqueued in the transaction that approves the change. */
export interface JobRepository {
  /** Enqueues once per key: a second enqueue with the same idempotency key is ignored. */
  enqueue(job: { key: string; payload: JobPayload }): Promise<void>;
}

/** Everything a transaction can touch. */
export interface StoreTx {
  identities: IdentityRepository;
  accounts: AccountRepository;
  entitlements: EntitlementRepository;
  assignments: AssignmentRepository;
  catalog: CatalogRepository;
  requests: RequestRepository;
  approvals: ApprovalRepository;
  audit: AuditRepository;
  policies: PolicyRepository;
  jobs: JobRepository;
  aggregationRuns: AggregationRunRepository;
  aggregationStage: AggregationStageRepository;
  reviews: ReviewRepository;
  drift: DriftRepository;
}

/**
 * The store port: every read and write runs in a transaction, committed when `fn` resolves and
 * rolled back when it throws. `fn` must not call `transaction` again (SQLite has one connection)
 * nor wait on the network: connector calls happen between transactions.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
