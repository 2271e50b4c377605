import { recordEvent } from '../audit/audit.ts';
import { DomainError } from '../errors.ts';
import type { AccessRequest } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Page } from '../ports/paging.ts';
import type { CampaignQuery, ReviewItemQuery } from '../ports/review-store.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { checkDefinition, requireAdministrator } from './campaign-definition.ts';
import type {
  CampaignDefinition,
  ReviewAsker,
  ReviewCampaign,
  ReviewDecision,
  ReviewerProgress,
  ReviewItem,
} from './review-model.ts';
import { revokeReviewed } from './review-revocation.ts';
import { closeCampaign, type ReviewSweepReport, sweepCampaign } from './review-sweep.ts';
import { type LaunchLimits, snapshotItems } from './snapshot.ts';

/** A row of the completion report: the item, its decision and the fulfillment that followed. */
export interface ReportRow {
  item: ReviewItem;
  revocation: Pick<AccessRequest, 'id' | 'status' | 'updatedAt' | 'failureReason'> | null;
}

/** Items decided in one call; either all of them or, on any refusal, none. */
export interface DecideInput {
  campaignId: string;
  itemIds: string[];
  decision: ReviewDecision;
  comment: string;
}

/** Access reviews: campaigns, their frozen items, decisions, progress and the completion report. */
export interface ReviewService {
  define(asker: ReviewAsker, definition: CampaignDefinition): Promise<ReviewCampaign>;
  launch(asker: ReviewAsker, campaignId: string): Promise<{ campaign: ReviewCampaign; items: number }>;
  /** Ends a campaign before its deadline; undecided items follow its rule. */
  close(asker: ReviewAsker, campaignId: string): Promise<ReviewCampaign>;
  get(asker: ReviewAsker, campaignId: string): Promise<ReviewCampaign>;
  list(asker: ReviewAsker, query: CampaignQuery): Promise<Page<ReviewCampaign>>;
  /** Items of a campaign: a reviewer sees their own; administrators and auditors every one. */
  items(asker: ReviewAsker, query: ReviewItemQuery): Promise<Page<ReviewItem>>;
  decide(asker: ReviewAsker, input: DecideInput): Promise<ReviewItem[]>;
  /** Decides every undecided item of the asker matching the filter (a bulk decision over a filtered list). */
  decideMatching(
    asker: ReviewAsker,
    input: Omit<DecideInput, 'itemIds'> & { q?: string | undefined; itemId?: string | undefined },
  ): Promise<number>;
  progress(asker: ReviewAsker, campaignId: string): Promise<ReviewerProgress[]>;
  report(asker: ReviewAsker, query: ReviewItemQuery): Promise<Page<ReportRow>>;
  /** Reminders, escalations and deadlines of every active campaign. */
  sweep(): Promise<ReviewSweepReport>;
}

const MAX_BULK = 500;

/** By default reviewers with items left are told a day before the deadline. */
const DEADLINE_NOTICE_MS = 86_400_000;

/**
 * Creates the review service; every change is audited on its own transaction. `deadlineNoticeMs`
 * is how long before a deadline the sweep tells reviewers it is near (null: never).
 */
export function createReviewService(deps: {
  store: Store;
  clock: Clock;
  ids: Ids;
  deadlineNoticeMs?: number | null;
  /** How much a launch reads per query; the defaults suit any site (tests make them small to cross page ends). */
  launchLimits?: LaunchLimits;
}): ReviewService {
  const { store, clock, ids } = deps;
  const sweepDeps = {
    clock,
    ids,
    deadlineNoticeMs: deps.deadlineNoticeMs === undefined ? DEADLINE_NOTICE_MS : deps.deadlineNoticeMs,
  };

  const campaignOf = async (tx: StoreTx, id: string): Promise<ReviewCampaign> => {
    const campaign = await tx.reviews.getCampaign(id);
    if (campaign === undefined) throw new DomainError('review.not_found', `no campaign ${id}`);
    return campaign;
  };
  /** Administrators and auditors see every campaign; a reviewer one where they have items; others none (as if absent). */
  const visibleCampaign = async (tx: StoreTx, asker: ReviewAsker, id: string) => {
    const campaign = await campaignOf(tx, id);
    if (asker.administrator || asker.auditor) return campaign;
    const mine = await tx.reviews.pageItems({ campaignId: id, reviewerId: asker.identityId ?? '', limit: 1 });
    if (asker.identityId === undefined || mine.items.length === 0)
      throw new DomainError('review.not_found', `no campaign ${id}`);
    return campaign;
  };
  const scoped = (asker: ReviewAsker, query: ReviewItemQuery): ReviewItemQuery =>
    asker.administrator || asker.auditor ? query : { ...query, reviewerId: asker.identityId ?? '' };

  const decideIn = async (tx: StoreTx, asker: ReviewAsker, input: DecideInput): Promise<ReviewItem[]> => {
    const campaign = await campaignOf(tx, input.campaignId);
    if (campaign.status !== 'active')
      throw new DomainError('review.not_open', `campaign ${campaign.id} is ${campaign.status}`);
    const me = asker.identityId;
    if (me === undefined)
      throw new DomainError('review.not_reviewer', 'you act as no identity, so you review nothing');
    const wanted = [...new Set(input.itemIds)];
    if (wanted.length === 0 || wanted.length > MAX_BULK)
      throw new DomainError('review.invalid', `decide between 1 and ${MAX_BULK} items at once`, {
        field: 'itemIds',
      });
    const items = await tx.reviews.getItems(campaign.id, wanted);
    const missing = wanted.filter((id) => !items.some((i) => i.id === id));
    if (missing.length > 0) throw new DomainError('review.not_found', `no such items: ${missing.join(', ')}`);
    for (const item of items) {
      if (item.identityId === me)
        throw new DomainError('review.not_reviewer', 'nobody reviews their own access', { itemId: item.id });
      if (item.reviewerId !== me)
        throw new DomainError('review.not_reviewer', `item ${item.id} is not yours to review`, {
          itemId: item.id,
        });
      if (item.decision !== null)
        throw new DomainError('review.already_decided', `item ${item.id} is decided already`, {
          itemId: item.id,
        });
    }
    const at = clock.now().toISOString();
    const comment = input.comment.trim();
    const decided: ReviewItem[] = [];
    for (const item of items) {
      const reason = `access review "${campaign.name}": revoked by ${me}${comment === '' ? '' : ` (${comment})`}`;
      const revocationRequestId =
        input.decision === 'revoke' ? await revokeReviewed(tx, deps, item, reason) : null;
      const patch = { decision: input.decision, comment, decidedBy: me, decidedAt: at, revocationRequestId };
      await tx.reviews.updateItem(item.id, patch);
      await recordEvent(tx, clock, {
        actor: asker.actor,
        type: 'review.decided',
        subject: `review:${campaign.id}`,
        data: { itemId: item.id, identityId: item.identityId, access: item.itemId, ...patch },
      });
      decided.push({ ...item, ...patch });
    }
    return decided;
  };

  return {
    define: (asker, definition) =>
      store.transaction(async (tx) => {
        requireAdministrator(asker);
        const checked = await checkDefinition(tx, definition, clock.now());
        const now = clock.now().toISOString();
        const campaign: ReviewCampaign = {
          ...checked,
          id: ids.next('rvc'),
          status: 'draft',
          createdBy: asker.actor,
          createdAt: now,
          launchedAt: null,
          closedAt: null,
          deadlineNoticeAt: null,
        };
        await tx.reviews.insertCampaign(campaign);
        await recordEvent(tx, clock, {
          actor: asker.actor,
          type: 'review.campaign_created',
          subject: `review:${campaign.id}`,
          data: { ...checked },
        });
        return campaign;
      }),
    launch: (asker, campaignId) =>
      store.transaction(async (tx) => {
        requireAdministrator(asker);
        const campaign = await campaignOf(tx, campaignId);
        if (campaign.status !== 'draft')
          throw new DomainError(
            'review.not_open',
            `campaign ${campaign.id} is ${campaign.status}, not a draft`,
          );
        if (new Date(campaign.deadline).getTime() <= clock.now().getTime())
          throw new DomainError('review.invalid', 'the deadline has passed; define a new campaign', {
            field: 'deadline',
          });
        const launchedAt = clock.now().toISOString();
        // The campaign's row first: a second launch of the same draft waits on it, then finds it active.
        if (!(await tx.reviews.transitionCampaign(campaign.id, 'draft', { status: 'active', launchedAt })))
          throw new DomainError('review.not_open', `campaign ${campaign.id} is no longer a draft`);
        const written = await snapshotItems(tx, ids, campaign, deps.launchLimits);
        await recordEvent(tx, clock, {
          actor: asker.actor,
          type: 'review.campaign_launched',
          subject: `review:${campaign.id}`,
          data: { items: written.items, reviewers: written.reviewers },
        });
        return { campaign: { ...campaign, status: 'active', launchedAt }, items: written.items };
      }),
    close: (asker, campaignId) =>
      store.transaction(async (tx) => {
        requireAdministrator(asker);
        const campaign = await campaignOf(tx, campaignId);
        if (campaign.status !== 'active')
          throw new DomainError('review.not_open', `campaign ${campaign.id} is ${campaign.status}`);
        return closeCampaign(tx, deps, campaign, asker.actor, 'closed early');
      }),
    get: (asker, campaignId) => store.transaction((tx) => visibleCampaign(tx, asker, campaignId)),
    list: (asker, query) =>
      store.transaction((tx) =>
        tx.reviews.pageCampaigns(
          asker.administrator || asker.auditor ? query : { ...query, reviewerId: asker.identityId ?? '' },
        ),
      ),
    items: (asker, query) =>
      store.transaction(async (tx) => {
        await visibleCampaign(tx, asker, query.campaignId);
        return tx.reviews.pageItems(scoped(asker, query));
      }),
    decide: (asker, input) => store.transaction((tx) => decideIn(tx, asker, input)),
    decideMatching: (asker, input) =>
      store.transaction(async (tx) => {
        const matching = await tx.reviews.pageItems({
          campaignId: input.campaignId,
          reviewerId: asker.identityId ?? '',
          decision: 'undecided',
          q: input.q,
          itemId: input.itemId,
          limit: MAX_BULK,
        });
        if (matching.items.length === 0) return 0;
        const decided = await decideIn(tx, asker, { ...input, itemIds: matching.items.map((i) => i.id) });
        return decided.length;
      }),
    progress: (asker, campaignId) =>
      store.transaction(async (tx) => {
        await visibleCampaign(tx, asker, campaignId);
        const all = await tx.reviews.progress(campaignId);
        return asker.administrator || asker.auditor
          ? all
          : all.filter((p) => p.reviewerId === asker.identityId);
      }),
    report: (asker, query) =>
      store.transaction(async (tx) => {
        if (!asker.administrator && !asker.auditor)
          throw new DomainError(
            'review.forbidden',
            'the completion report is for administrators and auditors',
          );
        await campaignOf(tx, query.campaignId);
        const page = await tx.reviews.pageItems(query);
        const rows: ReportRow[] = [];
        for (const item of page.items) {
          const r =
            item.revocationRequestId === null ? undefined : await tx.requests.get(item.revocationRequestId);
          rows.push({
            item,
            revocation:
              r === undefined
                ? null
                : { id: r.id, status: r.status, updatedAt: r.updatedAt, failureReason: r.failureReason },
          });
        }
        return { ...page, items: rows };
      }),
    async sweep() {
      const report: ReviewSweepReport = { reminded: 0, escalated: 0, deadlineNotices: 0, closed: [] };
      const active = await store.transaction((tx) => tx.reviews.listActive());
      for (const campaign of active) {
        const one = await store.transaction((tx) => sweepCampaign(tx, sweepDeps, campaign));
        report.reminded += one.reminded;
        report.escalated += one.escalated;
        report.deadlineNotices += one.deadlineNotices;
        report.closed.push(...one.closed);
      }
      return report;
    },
  };
}
