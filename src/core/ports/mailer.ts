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
  /** One line: what the mail is about ("Approve View on ENG for Dana Ruiz"). */
  subject: string;
  /** What is asked for, or what happened. */
  what: string;
  /** The person the access is for. */
  forWhom: string;
  /** The requester's justification, and the decision's reason when there is one. */
  why: string;
  reason: string | undefined;
  /** The page that acts on it, as a path (`/approvals`, `/requests/req_…`). */
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
