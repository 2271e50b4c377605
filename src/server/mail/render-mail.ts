import type { Notice } from '../../core/index.ts';

/** A notice as a plain-text mail: subject, and a body that says what, for whom, why, and where to act. */
export interface RenderedMail {
  subject: string;
  text: string;
}

const ACTION: Record<Notice['type'], string> = {
  'approval.assigned': 'Decide it here',
  'approval.reminder': 'It is still waiting for you here',
  'approval.escalated': 'It was escalated to you; decide it here',
  'request.approved': 'Follow it here',
  'request.rejected': 'See it here',
  'request.fulfilled': 'See it here',
  'request.failed': 'See what happened here',
  'review.assigned': 'Review them here',
  'review.reminder': 'They are still waiting for you here',
  'review.escalated': 'They were escalated to you; review them here',
  'review.deadline': 'Decide them before the deadline here',
};

/** A time as the mail shows it, in UTC (the reader's zone is unknown): `2026-12-31 17:00 UTC`. */
function utc(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Control characters (bidirectional overrides included) cannot reorder or hide a mail's text. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Renders a notice; `baseUrl` is the configured public URL, so the link opens the acting page. */
export function renderMail(notice: Notice, baseUrl: string): RenderedMail {
  const link = new URL(notice.link, `${baseUrl.replace(/\/+$/, '')}/`).href;
  const lines = [
    `Hello ${plain(notice.to.name)},`,
    '',
    `What: ${plain(notice.what)}`,
    `${notice.type.startsWith('review.') ? 'Whose access' : 'For'}: ${plain(notice.forWhom)}`,
    `Why: ${plain(notice.why)}`,
    ...(notice.reason === undefined ? [] : [`Reason: ${plain(notice.reason)}`]),
    ...(notice.due === undefined ? [] : [`Deadline: ${utc(notice.due)}`]),
    '',
    `${ACTION[notice.type]}: ${link}`,
    '',
    '-- Spacegate',
  ];
  return { subject: plain(notice.subject).slice(0, 200), text: lines.join('\n') };
}
