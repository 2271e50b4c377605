import type { Kysely, Migration } from 'kysely';

/**
 * When a campaign's reviewers were told its deadline is near (null until then), so the sweep
 * mails that notice once per campaign however often it runs.
 */
export function campaignDeadlineNotice(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('review_campaigns').addColumn('deadline_notice_at', 'text').execute();
    },
  };
}
