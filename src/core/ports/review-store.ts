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
