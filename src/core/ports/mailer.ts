import type { NoticeType } from '../model.ts';

/**
 * One notification, decided and written in the core's words: what happened, for whom, why, and
 * the page (a path) that acts on it. The mail adapter renders it and adds the public base URL.
 */
export interface Notice {
  /** The idempotency key: one mail per key, ever. */
  key: string;
  type: NoticeType;
  to: { email: string; name: string };
  /** One line: what the mail is about ("Approval needed: Grant ENG (view) for Dana Ruiz"). */
  subject: string;
  /** What is asked for, or what happened. */
  what: string;
  /** The person the access is for (for a review: the people whose access is reviewed). */
  forWhom: string;
  /** The requester's justification (for a review: what the campaign is and does), and the decision's reason when there is one. */
  why: string;
  reason: string | undefined;
  /** When it must be done by (ISO time), if there is a deadline: a campaign's. */
  due?: string | undefined;
  /** The page that acts on it, as a path (`/approvals`, `/requests/req_…`, `/reviews/rvc_…`). */
  link: string;
}

/** What a delivery did: sent (or kept), refused for good, or not reached (try again later, no attempt spent). */
export type DeliveryResult =
  | { status: 'delivered' }
  | { status: 'refused'; error: string }
  | { status: 'unreachable'; error: string };

/** The mail port: SMTP in production, the outbox in demo mode; delivering one key twice sends once. */
export interface Mailer {
  deliver(notice: Notice): Promise<DeliveryResult>;
}
