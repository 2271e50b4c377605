import type { PermissionOptionId, RiskLevel } from '../connector/index.ts';

/** Whether a person is employed (`active`) or has left (`leaver`), as the HR source says. */
export type IdentityStatus = 'active' | 'leaver';

/** A person from the authoritative HR source; `id` is the employee id. */
export interface Identity {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  department: string | null;
  jobTitle: string | null;
  managerId: string | null;
  status: IdentityStatus;
  /** Columns of the HR source beyond the standard ones. */
  extra: Record<string, string>;
  updatedAt: string;
}

/** An aggregated account, correlated to an identity by email (case-insensitive) or an orphan. */
export interface StoredAccount {
  key: string;
  email: string;
  identityId: string | null;
  displayName: string;
  disabled: boolean;
  attributes: Record<string, unknown>;
  aggregatedAt: string;
}

/** An aggregated entitlement (a group or a space) with the connector's attributes. */
export interface StoredEntitlement {
  type: 'group' | 'space';
  key: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** One held piece of access: a group id, or `SPACEKEY:option`, held directly by an account. */
export interface Assignment {
  accountKey: string;
  kind: 'group' | 'space';
  value: string;
}

/** An entitlement offered for request, with its owner and risk level. */
export interface CatalogItem {
  /** `group:<groupId>` or `space:<SPACEKEY>`. */
  id: string;
  type: 'group' | 'space';
  entitlementKey: string;
  name: string;
  requestable: boolean;
  /** Identity id of the owner. */
  owner: string | null;
  risk: RiskLevel;
  /** Per permission option risk, for spaces. */
  optionRisks: Partial<Record<PermissionOptionId, RiskLevel>>;
  updatedAt: string;
  /** What drift on this item leads to; absent: the configured default (`drift.defaultPolicy`). */
  driftPolicy?: DriftPolicy;
}

/** Drift on an item is only reported, or also reverted (a revocation with drift as its reason). */
export type DriftPolicy = 'report' | 'revert';

/**
 * Grant gives access, revoke takes it away; deactivate disables a leaver's account on the site
 * (raised by Spacegate alone, when the attribute policy's leave rules say so) and reactivate
 * enables it again when that person is rehired (raised at the HR import, only for an account
 * Spacegate deactivated). Their item is `account:<accountKey>`, not a catalog item.
 */
export type RequestKind = SubmittedKind | AccountKind;

/** The kinds that change the account itself rather than access: Spacegate raises them alone. */
export type AccountKind = 'deactivate' | 'reactivate';

/** The kinds a person submits (and workflows decide): grant and revoke. */
export type SubmittedKind = 'grant' | 'revoke';

/**
 * Where an access request stands: approvals, then fulfillment. `partially_fulfilled` and `failed`
 * are what fulfillment found in place when it gave up (some of the change, or none of it);
 * `resolved_by_hand` is a failure an administrator says they finished by hand, with a note.
 */
export const REQUEST_STATUSES = [
  'awaiting_approval',
  'rejected',
  'cancelled',
  'pending',
  'fulfilled',
  'partially_fulfilled',
  'failed',
  'expired',
  'resolved_by_hand',
] as const;

/** One of `REQUEST_STATUSES`. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * What a fulfillment read back when it gave up short of its goal: the values (`SPACEKEY:option` or a
 * group id) in place as asked, and those still missing (for a revocation: still held); `verified`
 * is false when the read-back itself failed, so nothing is known of the last write.
 */
export interface FulfillmentOutcome {
  applied: string[];
  missing: string[];
  verified: boolean;
}

/** One resolved approval stage frozen onto the request when it was created. */
export interface ResolvedStage {
  name: string;
  mode: 'any' | 'all';
  approvers: string[];
  reminderAfterMs: number | null;
  escalateAfterMs: number | null;
  escalateTo: string[];
}

/** An access request (or revocation request) for one catalog item and one beneficiary. */
export interface AccessRequest {
  id: string;
  kind: RequestKind;
  requesterId: string;
  beneficiaryId: string;
  itemId: string;
  /** Chosen permission options for a space; empty for a group. */
  permissions: PermissionOptionId[];
  justification: string;
  endDate: string | null;
  status: RequestStatus;
  workflow: string;
  stages: ResolvedStage[];
  currentStage: number;
  failureReason: string | null;
  /** Set when fulfillment ended short of its goal: what it found in place. */
  outcome: FulfillmentOutcome | null;
  /** Fulfillment attempts spent when it last ended (absent before fulfillment ends). */
  attempts?: number;
  createdAt: string;
  updatedAt: string;
}

/** One approver's assignment at one stage, and their decision once made. */
export interface Approval {
  id: string;
  requestId: string;
  stage: number;
  approverId: string;
  decision: 'approved' | 'rejected' | null;
  reason: string | null;
  decidedAt: string | null;
  assignedAt: string;
  remindedAt: string | null;
  escalated: boolean;
}

/** An append-only record of one change, written in the transaction of that change. */
export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** The kinds of notification mail about a request (docs/architecture.md, Notifications). */
export type RequestNoticeType =
  | 'approval.assigned'
  | 'approval.reminder'
  | 'approval.escalated'
  | 'request.approved'
  | 'request.rejected'
  | 'request.fulfilled'
  | 'request.failed';

/** The kinds of notification mail to a reviewer about an access review campaign. */
export type CampaignNoticeType =
  | 'review.assigned'
  | 'review.reminder'
  | 'review.escalated'
  | 'review.deadline';

/** Every kind of notification mail. */
export type NoticeType = RequestNoticeType | CampaignNoticeType;

/** Who gets which notice about which request, as decided in the transaction of the change. */
export interface RequestNoticeRef {
  type: RequestNoticeType;
  requestId: string;
  /** The identity the mail goes to. */
  recipientId: string;
  stage?: number;
}

/** Who gets which notice about which access review campaign (always one of its reviewers). */
export interface CampaignNoticeRef {
  type: CampaignNoticeType;
  campaignId: string;
  /** The reviewer the mail goes to. */
  recipientId: string;
  /** How many items the change moved to the recipient (escalation); other counts are read when the mail is written. */
  items?: number;
}

/** A notice about a request or about a campaign; job payloads from before campaigns carry the request kind. */
export type NoticeRef = RequestNoticeRef | CampaignNoticeRef;

/** What a job carries: the request it carries out, an account modify, or a notification mail. */
export type JobPayload =
  | { kind: 'request'; requestId: string }
  | { kind: 'notification'; notice: NoticeRef }
  | {
      kind: 'modify';
      identityId: string;
      accountKey: string;
      changes: Array<{ attribute: string; value: unknown }>;
    };

/** A job as a worker receives it. */
export interface Job {
  id: string;
  key: string;
  payload: JobPayload;
  attempt: number;
  maxAttempts: number;
}

/**
 * A fulfillment result is data: done; failed, with whether a retry may help; or deferred, to run
 * again after `delayMs` without counting as an attempt (it waits for other jobs to finish first).
 */
export type JobOutcome =
  | { status: 'done' }
  | { status: 'failed'; error: string; retryable: boolean }
  | { status: 'deferred'; reason: string; delayMs: number };
