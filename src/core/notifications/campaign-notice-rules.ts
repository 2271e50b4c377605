import type { AuditEvent, CampaignNoticeRef, CampaignNoticeType } from '../model.ts';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const id = (value: unknown): string[] => (typeof value === 'string' ? [value] : []);

/**
 * Campaign audit events that notify reviewers: the notice they get, who gets it (read from the
 * event's data) and the items the event moved to them, if it says.
 */
const TO_REVIEWERS: Readonly<
  Record<
    string,
    { type: CampaignNoticeType; recipients: (data: AuditEvent['data']) => string[]; items?: number }
  >
> = {
  'review.campaign_launched': { type: 'review.assigned', recipients: (data) => ids(data.reviewers) },
  'review.reminded': { type: 'review.reminder', recipients: (data) => id(data.reviewerId) },
  'review.escalated': { type: 'review.escalated', recipients: (data) => id(data.to), items: 1 },
  'review.deadline_near': { type: 'review.deadline', recipients: (data) => ids(data.reviewers) },
};

/**
 * Who gets which mail for one event of campaign `campaignId`: each reviewer when it is launched,
 * a reminded reviewer, the fallback for each item escalated to them (merged into one mail per
 * sweep by key), and the reviewers with items left when the deadline is near. Reviewers never
 * hold their own items (the reviewer rules see to it), so nobody is told to review their own access.
 */
export function campaignNotices(event: Omit<AuditEvent, 'seq'>, campaignId: string): CampaignNoticeRef[] {
  const rule = TO_REVIEWERS[event.type];
  if (rule === undefined) return [];
  return [...new Set(rule.recipients(event.data))].map((recipientId) => ({
    type: rule.type,
    campaignId,
    recipientId,
    ...(rule.items === undefined ? {} : { items: rule.items }),
  }));
}
