import type { RiskLevel } from '../../connector/index.ts';

/**
 * What a campaign reviews. Empty lists do not narrow: an empty scope is everything. Spaces and
 * groups together say which entitlements (either matches); risks and departments narrow further.
 */
export interface ReviewScope {
  spaces: string[];
  groups: string[];
  risks: RiskLevel[];
  departments: string[];
}

/** Who reviews an item: the person's manager, the item's owner, the space's admins, or named people. */
export type ReviewerRule = 'manager' | 'owner' | 'space_admins' | 'named';

/** What an administrator defines; nothing is snapshotted until launch. */
export interface CampaignDefinition {
  name: string;
  scope: ReviewScope;
  reviewers: {
    rule: ReviewerRule;
    /** Identity ids for `named` (spread over items in turn). */
    named: string[];
    /** Identity id who reviews when the rule finds nobody (or only the person themselves), and on escalation. */
    fallback: string;
  };
  /** ISO time; at the deadline undecided items follow `undecided`. */
  deadline: string;
  undecided: 'keep' | 'revoke';
  reminderAfterMs: number | null;
  escalateAfterMs: number | null;
}

/** Draft (being defined), active (launched, items decided), closed (deadline passed or closed early). */
export type CampaignStatus = 'draft' | 'active' | 'closed';

/** An access review campaign. */
export interface ReviewCampaign extends CampaignDefinition {
  id: string;
  status: CampaignStatus;
  createdBy: string;
  createdAt: string;
  launchedAt: string | null;
  closedAt: string | null;
  /** When the reviewers with items left were told the deadline is near; null until then (once per campaign). */
  deadlineNoticeAt: string | null;
}

/** A reviewer's answer on one item. */
export type ReviewDecision = 'keep' | 'revoke';

/**
 * One piece of access frozen at launch: who holds what and how (directly, or through the group
 * `via`), when and through which request it was granted, its risk, and the account's last activity.
 */
export interface ReviewItem {
  id: string;
  campaignId: string;
  identityId: string;
  personName: string;
  accountKey: string;
  /** The catalog item (`group:<id>` or `space:KEY`). */
  itemId: string;
  itemName: string;
  /** Space options held (empty for a group). */
  permissions: string[];
  /** Group id through which a space's options are held; null when held directly. */
  via: string | null;
  grantedAt: string | null;
  grantRequestId: string | null;
  risk: RiskLevel;
  lastActivity: string | null;
  reviewerId: string;
  decision: ReviewDecision | null;
  comment: string;
  /** Identity id of the reviewer who decided, or `system` for the deadline rule. */
  decidedBy: string | null;
  decidedAt: string | null;
  /** The revocation request a revoke decision became. */
  revocationRequestId: string | null;
  remindedAt: string | null;
  escalated: boolean;
}

/** Who calls the review service: whether they administer or audit, and the identity they act as. */
export interface ReviewAsker {
  actor: string;
  administrator: boolean;
  auditor: boolean;
  identityId: string | undefined;
}

/** One reviewer's progress; the overall figures are the sums. */
export interface ReviewerProgress {
  reviewerId: string;
  total: number;
  kept: number;
  revoked: number;
  undecided: number;
}

/** One active campaign's progress for a start page: decided of total, and the reviewers with most left to decide. */
export interface CampaignProgress {
  campaign: Pick<ReviewCampaign, 'id' | 'name' | 'deadline'>;
  total: number;
  decided: number;
  /** How many reviewers the campaign has. */
  reviewers: number;
  /** The reviewers with the most undecided items (none of those who are done), most first. */
  behind: Array<{ reviewerId: string; total: number; undecided: number }>;
}

/** The active campaigns' progress, the nearest deadline first, and how many campaigns are active in all. */
export interface ActiveProgress {
  campaigns: CampaignProgress[];
  activeTotal: number;
}
