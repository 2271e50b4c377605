import type { Identity } from '../model.ts';
import type {
  ActiveProgress,
  CampaignStatus,
  ReviewCampaign,
  ReviewerProgress,
  ReviewItem,
} from '../reviews/review-model.ts';
import type { Page, PageRequest } from './paging.ts';

/** Campaigns by status, or those where one reviewer has items; newest first. */
export interface CampaignQuery extends PageRequest {
  status?: CampaignStatus | undefined;
  reviewerId?: string | undefined;
}

/** A campaign's items by reviewer, decision and text (person or item name); ordered by person, item, id. */
export interface ReviewItemQuery extends PageRequest {
  campaignId: string;
  reviewerId?: string | undefined;
  decision?: 'keep' | 'revoke' | 'undecided' | undefined;
  itemId?: string | undefined;
  q?: string | undefined;
}

/** The patchable parts of an item. */
export type ReviewItemPatch = Partial<
  Pick<
    ReviewItem,
    | 'decision'
    | 'comment'
    | 'decidedBy'
    | 'decidedAt'
    | 'revocationRequestId'
    | 'remindedAt'
    | 'escalated'
    | 'reviewerId'
  >
>;

/** A correlated account a launch reads, with its person and its last activity (from its attributes). */
export interface ReviewHolder {
  accountKey: string;
  lastActivity: string | null;
  identity: Identity;
}

/** What an account holds itself: a group (`values` empty), or its `SPACEKEY:option` values in one space. */
export interface HeldAccess {
  holder: ReviewHolder;
  key: string;
  values: string[];
}

/**
 * A window of the access accounts hold directly, for a launch: the `kind` rows of the accounts
 * after `after` (by key), as many accounts as `limit` rows reach (the last account whole), grouped
 * per space for `space`; `keys` (groups or space keys) and `departments` narrow it when not empty.
 * `nextCursor` is the last account of the window, null when no rows are left after it.
 */
export interface HeldAccessQuery {
  kind: 'group' | 'space';
  keys: ReadonlyArray<string>;
  departments: ReadonlyArray<string>;
  after?: string | undefined;
  limit: number;
}

/** A page of a group's space permissions grouped per space (the JSON expanded by the database), by space key. */
export interface GroupSpacesQuery {
  groupKey: string;
  /** Space keys to keep; empty keeps all. */
  spaces: ReadonlyArray<string>;
  after?: string | undefined;
  limit: number;
}

/** A page of a group's correlated members, by account key, narrowed to departments when not empty. */
export interface GroupHoldersQuery {
  groupKey: string;
  departments: ReadonlyArray<string>;
  after?: string | undefined;
  limit: number;
}

/** The fulfilled grant behind an item held directly: the newest such request for that person and item. */
export interface LatestGrant {
  identityId: string;
  itemId: string;
  requestId: string;
  at: string;
}

/** Campaigns and their frozen items. */
export interface ReviewRepository {
  insertCampaign(campaign: ReviewCampaign): Promise<void>;
  getCampaign(id: string): Promise<ReviewCampaign | undefined>;
  /**
   * Applies the patch only while the campaign is in `from` (and, for `deadlineNoticeAt`, only while
   * that is unset: it is set once); false when it was not.
   */
  transitionCampaign(
    id: string,
    from: CampaignStatus,
    patch: Partial<Pick<ReviewCampaign, 'status' | 'launchedAt' | 'closedAt' | 'deadlineNoticeAt'>>,
  ): Promise<boolean>;
  pageCampaigns(query: CampaignQuery): Promise<Page<ReviewCampaign>>;
  /** Active campaigns, for the sweep (there are few at a time). */
  listActive(): Promise<ReviewCampaign[]>;
  insertItems(items: ReadonlyArray<ReviewItem>): Promise<void>;
  /** Launch: one window of directly held groups or spaces (see `HeldAccessQuery`). */
  heldDirectly(query: HeldAccessQuery): Promise<Page<HeldAccess>>;
  /** Launch: groups with members whose attributes list space permissions, by key. */
  groupsWithSpaces(query: {
    after?: string | undefined;
    limit: number;
  }): Promise<Page<{ key: string; name: string }>>;
  /** Launch: one page of a group's spaces and the values it holds in each, in the order the group lists them. */
  groupSpaces(query: GroupSpacesQuery): Promise<Page<{ spaceKey: string; values: string[] }>>;
  /** Launch: one page of a group's correlated members. */
  groupHolders(query: GroupHoldersQuery): Promise<Page<ReviewHolder>>;
  /** Launch: for each of these people, their newest fulfilled grant of each item (oldest first, the newest last). */
  latestGrants(identityIds: ReadonlyArray<string>): Promise<LatestGrant[]>;
  /** The items of this campaign with these ids that exist. */
  getItems(campaignId: string, ids: ReadonlyArray<string>): Promise<ReviewItem[]>;
  pageItems(query: ReviewItemQuery): Promise<Page<ReviewItem>>;
  updateItem(id: string, patch: ReviewItemPatch): Promise<void>;
  /** Per reviewer counts, by reviewer id. */
  progress(campaignId: string): Promise<ReviewerProgress[]>;
  /**
   * The progress of the first `campaigns` active campaigns by deadline, each with its `reviewers`
   * furthest behind, in one grouped query (however many reviewers a campaign has).
   */
  activeProgress(limits: { campaigns: number; reviewers: number }): Promise<ActiveProgress>;
}
