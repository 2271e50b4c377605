import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewCampaign, ReviewItem } from './review-model.ts';
import { revokeReviewed } from './review-revocation.ts';

/** What one sweep did: reminders sent (per reviewer), items escalated, deadline notices (per campaign), campaigns closed. */
export interface ReviewSweepReport {
  reminded: number;
  escalated: number;
  deadlineNotices: number;
  closed: string[];
}

/** What the sweep runs with: how long before a deadline its reviewers are told it is near (null: never). */
export interface SweepDeps {
  clock: Clock;
  ids: Ids;
  deadlineNoticeMs: number | null;
}

const BATCH = 200;

/** Every undecided item of the campaign, in batches (a batch job, not a view). */
async function undecided(tx: StoreTx, campaignId: string): Promise<ReviewItem[]> {
  const all: ReviewItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await tx.reviews.pageItems({ campaignId, decision: 'undecided', limit: BATCH, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/**
 * Closes the campaign: each undecided item follows the campaign's rule (kept, or revoked through
 * the normal revocation path), decided by `system`, then the campaign is closed. Audited.
 */
export async function closeCampaign(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  campaign: ReviewCampaign,
  actor: string,
  why: string,
): Promise<ReviewCampaign> {
  const at = deps.clock.now().toISOString();
  const left = await undecided(tx, campaign.id);
  const comment = `undecided at ${why}: ${campaign.undecided === 'keep' ? 'kept' : 'revoked'} by the campaign's rule`;
  for (const item of left) {
    const revocationRequestId =
      campaign.undecided === 'revoke'
        ? await revokeReviewed(tx, deps, item, `access review "${campaign.name}": ${comment}`)
        : null;
    const patch = {
      decision: campaign.undecided,
      comment,
      decidedBy: SYSTEM_ACTOR,
      decidedAt: at,
      revocationRequestId,
    };
    await tx.reviews.updateItem(item.id, patch);
    await recordEvent(tx, deps.clock, {
      actor: SYSTEM_ACTOR,
      type: 'review.decided',
      subject: `review:${campaign.id}`,
      data: { itemId: item.id, identityId: item.identityId, access: item.itemId, ...patch },
    });
  }
  await tx.reviews.transitionCampaign(campaign.id, 'active', { status: 'closed', closedAt: at });
  await recordEvent(tx, deps.clock, {
    actor,
    type: 'review.campaign_closed',
    subject: `review:${campaign.id}`,
    data: { why, undecided: left.length, rule: campaign.undecided },
  });
  return { ...campaign, status: 'closed', closedAt: at };
}

/**
 * Once per campaign, `deadlineNoticeMs` before its deadline: one event naming every reviewer
 * with items left (each is mailed). Not for a campaign launched that close to its deadline: the
 * launch mail already gave it.
 */
async function noticeDeadline(tx: StoreTx, deps: SweepDeps, campaign: ReviewCampaign): Promise<number> {
  if (deps.deadlineNoticeMs === null || campaign.deadlineNoticeAt !== null) return 0;
  const from = new Date(campaign.deadline).getTime() - deps.deadlineNoticeMs;
  const now = deps.clock.now();
  if (now.getTime() < from || new Date(campaign.launchedAt ?? now).getTime() >= from) return 0;
  const left = (await tx.reviews.progress(campaign.id)).filter((p) => p.undecided > 0);
  const at = now.toISOString();
  if (!(await tx.reviews.transitionCampaign(campaign.id, 'active', { deadlineNoticeAt: at }))) return 0;
  if (left.length === 0) return 0;
  await recordEvent(tx, deps.clock, {
    actor: SYSTEM_ACTOR,
    type: 'review.deadline_near',
    subject: `review:${campaign.id}`,
    data: {
      deadline: campaign.deadline,
      reviewers: left.map((p) => p.reviewerId),
      undecided: left.reduce((sum, p) => sum + p.undecided, 0),
    },
  });
  return 1;
}

/**
 * One pass over an active campaign, as approvals have: a reminder to each reviewer with items
 * left once `reminderAfterMs` has passed since launch, escalation of undecided items to the
 * fallback after `escalateAfterMs` (never to the person themselves; once reminders are due the
 * escalation is the fallback's reminder for those items), the deadline notice and the deadline rule.
 */
export async function sweepCampaign(
  tx: StoreTx,
  deps: SweepDeps,
  campaign: ReviewCampaign,
): Promise<ReviewSweepReport> {
  const report: ReviewSweepReport = { reminded: 0, escalated: 0, deadlineNotices: 0, closed: [] };
  const now = deps.clock.now();
  if (now.getTime() >= new Date(campaign.deadline).getTime()) {
    await closeCampaign(tx, deps, campaign, SYSTEM_ACTOR, 'the deadline');
    report.closed.push(campaign.id);
    return report;
  }
  const since = now.getTime() - new Date(campaign.launchedAt ?? now).getTime();
  const remind = campaign.reminderAfterMs !== null && since >= campaign.reminderAfterMs;
  const escalate = campaign.escalateAfterMs !== null && since >= campaign.escalateAfterMs;
  if (!remind && !escalate) {
    report.deadlineNotices = await noticeDeadline(tx, deps, campaign);
    return report;
  }
  const at = now.toISOString();
  const reminders = new Map<string, number>();
  const fallback = campaign.reviewers.fallback;
  for (const item of await undecided(tx, campaign.id)) {
    if (escalate && !item.escalated && item.reviewerId !== fallback && item.identityId !== fallback) {
      await tx.reviews.updateItem(item.id, {
        reviewerId: fallback,
        escalated: true,
        remindedAt: remind ? at : null,
      });
      await recordEvent(tx, deps.clock, {
        actor: SYSTEM_ACTOR,
        type: 'review.escalated',
        subject: `review:${campaign.id}`,
        data: { itemId: item.id, from: item.reviewerId, to: fallback },
      });
      report.escalated += 1;
      continue;
    }
    if (remind && item.remindedAt === null) {
      await tx.reviews.updateItem(item.id, { remindedAt: at });
      reminders.set(item.reviewerId, (reminders.get(item.reviewerId) ?? 0) + 1);
    }
  }
  for (const [reviewerId, items] of reminders) {
    await recordEvent(tx, deps.clock, {
      actor: SYSTEM_ACTOR,
      type: 'review.reminded',
      subject: `review:${campaign.id}`,
      data: { reviewerId, items },
    });
    report.reminded += 1;
  }
  report.deadlineNotices = await noticeDeadline(tx, deps, campaign);
  return report;
}
