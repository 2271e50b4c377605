import { type Kysely, sql } from 'kysely';
import type { ActiveProgress, CampaignProgress } from '../../core/index.ts';
import type { Database } from '../schema.ts';

interface ProgressRow {
  id: string;
  name: string;
  deadline: string;
  active_total: number | string;
  reviewer_id: string | null;
  total: number | string | null;
  undecided: number | string | null;
  campaign_total: number | string | null;
  campaign_decided: number | string | null;
  reviewers: number | string | null;
}

/**
 * The first active campaigns by deadline with their progress, in one query: the campaigns chosen
 * (and counted) first, their items grouped by reviewer (the `review_items_reviewer` index), the
 * campaign sums and each reviewer's place by undecided items taken by window functions, and only
 * the first places kept. A campaign without items still comes back, with nothing behind.
 */
export async function activeProgress(
  db: Kysely<Database>,
  limits: { campaigns: number; reviewers: number },
): Promise<ActiveProgress> {
  const result = await sql<ProgressRow>`
    WITH chosen AS (
      SELECT id, name, deadline, count(*) OVER () AS active_total
      FROM review_campaigns WHERE status = 'active'
      ORDER BY deadline, id LIMIT ${limits.campaigns}
    ),
    per_reviewer AS (
      SELECT campaign_id, reviewer_id, count(*) AS total,
        sum(CASE WHEN decision IS NULL THEN 1 ELSE 0 END) AS undecided
      FROM review_items WHERE campaign_id IN (SELECT id FROM chosen)
      GROUP BY campaign_id, reviewer_id
    ),
    ranked AS (
      SELECT campaign_id, reviewer_id, total, undecided,
        row_number() OVER (PARTITION BY campaign_id ORDER BY undecided DESC, reviewer_id) AS place,
        sum(total) OVER (PARTITION BY campaign_id) AS campaign_total,
        sum(total - undecided) OVER (PARTITION BY campaign_id) AS campaign_decided,
        count(*) OVER (PARTITION BY campaign_id) AS reviewers
      FROM per_reviewer
    )
    SELECT c.id, c.name, c.deadline, c.active_total, r.reviewer_id, r.total, r.undecided,
      r.campaign_total, r.campaign_decided, r.reviewers
    FROM chosen c LEFT JOIN ranked r ON r.campaign_id = c.id AND r.place <= ${limits.reviewers}
    ORDER BY c.deadline, c.id, r.place`.execute(db);
  const campaigns = new Map<string, CampaignProgress>();
  let activeTotal = 0;
  for (const row of result.rows) {
    activeTotal = Number(row.active_total);
    let progress = campaigns.get(row.id);
    if (progress === undefined) {
      progress = {
        campaign: { id: row.id, name: row.name, deadline: row.deadline },
        total: Number(row.campaign_total ?? 0),
        decided: Number(row.campaign_decided ?? 0),
        reviewers: Number(row.reviewers ?? 0),
        behind: [],
      };
      campaigns.set(row.id, progress);
    }
    const undecided = Number(row.undecided ?? 0);
    if (row.reviewer_id !== null && undecided > 0)
      progress.behind.push({ reviewerId: row.reviewer_id, total: Number(row.total), undecided });
  }
  return { campaigns: [...campaigns.values()], activeTotal };
}
