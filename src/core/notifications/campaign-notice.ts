import { catalogItemId } from '../catalog/catalog-item-id.ts';
import type { CampaignNoticeRef, CampaignNoticeType } from '../model.ts';
import type { Notice } from '../ports/mailer.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewCampaign, ReviewerProgress } from '../reviews/review-model.ts';
import { noticeKey } from './notification-rules.ts';
import { nameOf } from './request-notice.ts';

const SAMPLE = 3;

/** What the mail counts: the items the change moved (escalation), else the reviewer's items now. */
interface Counts {
  mine: ReviewerProgress;
  moved: number;
}

const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
const day = (iso: string) => iso.slice(0, 10);

/** A duration as a person says it ("3 days", "36 hours", "20 minutes", "5 seconds"). */
function duration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 48 && Number.isInteger(hours / 24)) return `${hours / 24} days`;
  if (hours >= 1) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
  const [n, unit] =
    ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The campaign's scope in words, groups by their catalog name. */
async function scopeWords(tx: StoreTx, campaign: ReviewCampaign): Promise<string> {
  const { spaces, groups, risks, departments } = campaign.scope;
  const groupNames = await Promise.all(
    groups.map(async (g) => (await tx.catalog.get(catalogItemId('group', g)))?.name ?? g),
  );
  const parts = [
    ...spaces.map((s) => `space ${s}`),
    ...groupNames.map((g) => `group ${g}`),
    ...risks.map((r) => `${r} risk`),
    ...departments.map((d) => `department ${d}`),
  ];
  return parts.length === 0 ? 'all access' : parts.join(', ');
}

const SUBJECTS: Record<CampaignNoticeType, (c: ReviewCampaign, n: Counts) => string> = {
  'review.assigned': (c, n) =>
    `Access review "${c.name}": ${items(n.mine.total)} for you to review by ${day(c.deadline)}`,
  'review.reminder': (c, n) =>
    `Reminder: ${items(n.mine.undecided)} still to review in "${c.name}" by ${day(c.deadline)}`,
  'review.escalated': (c, n) =>
    `Escalated to you: ${items(n.moved)} to review in "${c.name}" by ${day(c.deadline)}`,
  'review.deadline': (c, n) =>
    `Deadline ${day(c.deadline)}: ${items(n.mine.undecided)} still to review in "${c.name}"`,
};

const WHAT: Record<CampaignNoticeType, (c: ReviewCampaign, n: Counts) => string> = {
  'review.assigned': (c, n) =>
    `Review ${items(n.mine.total)} of access in the campaign "${c.name}": keep or revoke each${n.mine.undecided < n.mine.total ? ` (${n.mine.total - n.mine.undecided} decided already)` : ''}`,
  'review.reminder': (c, n) =>
    `${items(n.mine.undecided)} of your ${n.mine.total} in "${c.name}" are still undecided`,
  'review.escalated': (c, n) =>
    `Review ${items(n.moved)} escalated to you in "${c.name}" (${n.mine.undecided} of yours undecided in all)`,
  'review.deadline': (c, n) =>
    `${items(n.mine.undecided)} of your ${n.mine.total} in "${c.name}" are still undecided`,
};

function reasonFor(type: CampaignNoticeType, campaign: ReviewCampaign): string | undefined {
  if (type === 'review.escalated')
    return `Their reviewers did not decide them within ${duration(campaign.escalateAfterMs ?? 0)} of the launch; you are the campaign's fallback reviewer.`;
  if (type === 'review.deadline') return 'The deadline is near and these items are still waiting for you.';
  return undefined;
}

/** The people whose access the reviewer decides: a few names, in the list's order, "and others" past them. */
async function peopleOf(tx: StoreTx, campaignId: string, reviewerId: string, open: boolean): Promise<string> {
  const page = await tx.reviews.pageItems({
    campaignId,
    reviewerId,
    ...(open ? { decision: 'undecided' as const } : {}),
    limit: 50,
  });
  const names = [...new Set(page.items.map((i) => i.personName))];
  const more = names.length > SAMPLE || page.nextCursor !== null;
  const shown = names.slice(0, SAMPLE);
  return more ? `${shown.join(', ')} and others` : shown.join(', ');
}

/**
 * Words a notice to a reviewer: what to review in which campaign, whose access, why, the deadline,
 * and the campaign's page that decides it. Undefined (no mail) when the campaign is no longer open
 * or, for a reminder, an escalation or the deadline notice, the reviewer has nothing left to decide.
 */
export async function composeCampaignNotice(
  tx: StoreTx,
  notice: CampaignNoticeRef,
): Promise<Notice | undefined> {
  const campaign = await tx.reviews.getCampaign(notice.campaignId);
  const recipient = await tx.identities.get(notice.recipientId);
  if (campaign?.status !== 'active' || recipient === undefined) return undefined;
  const mine = (await tx.reviews.progress(campaign.id)).find((p) => p.reviewerId === recipient.id);
  if (mine === undefined || mine.total === 0) return undefined;
  const assigned = notice.type === 'review.assigned';
  if (!assigned && mine.undecided === 0) return undefined;
  const counts: Counts = { mine, moved: notice.items ?? 0 };
  const rule = campaign.undecided === 'keep' ? 'kept' : 'revoked';
  return {
    key: noticeKey(notice),
    type: notice.type,
    to: { email: recipient.email, name: nameOf(recipient, recipient.id) },
    subject: SUBJECTS[notice.type](campaign, counts),
    what: WHAT[notice.type](campaign, counts),
    forWhom: await peopleOf(tx, campaign.id, recipient.id, !assigned),
    why: `The access review "${campaign.name}" certifies who holds ${await scopeWords(tx, campaign)}; at the deadline, items left undecided are ${rule} by the campaign's rule.`,
    reason: reasonFor(notice.type, campaign),
    due: campaign.deadline,
    link: assigned ? `/reviews/${campaign.id}` : `/reviews/${campaign.id}?decision=undecided`,
  };
}
