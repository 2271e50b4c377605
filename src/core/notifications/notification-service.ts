import type { Job, JobOutcome, NoticeRef } from '../model.ts';
import type { Mailer, Notice } from '../ports/mailer.ts';
import type { Store } from '../ports/store.ts';
import { composeCampaignNotice } from './campaign-notice.ts';
import { composeRequestNotice } from './request-notice.ts';

/** Runs notification jobs: reads what the mail is about, words it, and hands it to the mailer. */
export interface NotificationService {
  handle(job: Job): Promise<JobOutcome>;
}

/** Creates the notification service over the store (read only) and the mail port. */
export function createNotificationService(deps: {
  store: Store;
  mailer: Mailer;
  /** How long to wait before trying a mail server that could not be reached. */
  retryMs: number;
}): NotificationService {
  const compose = (notice: NoticeRef) =>
    deps.store.transaction(
      (tx): Promise<Notice | undefined> =>
        'campaignId' in notice ? composeCampaignNotice(tx, notice) : composeRequestNotice(tx, notice),
    );
  return {
    async handle(job) {
      if (job.payload.kind !== 'notification')
        return { status: 'failed', error: 'not a notification job', retryable: false };
      const notice = await compose(job.payload.notice);
      // What the mail was about is gone or settled (a request deleted, a campaign closed, nothing left to review): nothing to say.
      if (notice === undefined) return { status: 'done' };
      const result = await deps.mailer.deliver(notice);
      if (result.status === 'delivered') return { status: 'done' };
      if (result.status === 'unreachable')
        return { status: 'deferred', reason: result.error, delayMs: deps.retryMs };
      return { status: 'failed', error: result.error, retryable: false };
    },
  };
}
