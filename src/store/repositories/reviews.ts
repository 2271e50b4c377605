import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  CampaignDefinition,
  CampaignQuery,
  Page,
  ReviewCampaign,
  ReviewItem,
  ReviewItemPatch,
  ReviewItemQuery,
  ReviewRepository,
} from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { chunks, parseJson } from './json.ts';
import { containsPattern, countRows, type KeysetOrder, keysetPage, likeLower } from './keyset.ts';
import { reviewHoldings } from './review-holdings.ts';
import { activeProgress } from './review-progress.ts';

type CampaignRow = Selectable<Database['review_campaigns']>;
type ItemRow = Selectable<Database['review_items']>;

const CAMPAIGN_ORDER: KeysetOrder = { name: 'campaigns', columns: ['created_at', 'id'], direction: 'desc' };
const ITEM_ORDER: KeysetOrder = {
  name: 'review-items',
  columns: ['person_name', 'item_name', 'id'],
  direction: 'asc',
};

function toCampaign(row: CampaignRow): ReviewCampaign {
  const definition = parseJson<CampaignDefinition>(row.definition);
  return {
    ...definition,
    id: row.id,
    name: row.name,
    deadline: row.deadline,
    status: row.status as ReviewCampaign['status'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    launchedAt: row.launched_at,
    closedAt: row.closed_at,
    deadlineNoticeAt: row.deadline_notice_at,
  };
}

function toItem(row: ItemRow): ReviewItem {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    identityId: row.identity_id,
    personName: row.person_name,
    accountKey: row.account_key,
    itemId: row.item_id,
    itemName: row.item_name,
    permissions: parseJson(row.permissions),
    via: row.via,
    grantedAt: row.granted_at,
    grantRequestId: row.grant_request_id,
    risk: row.risk as ReviewItem['risk'],
    lastActivity: row.last_activity,
    reviewerId: row.reviewer_id,
    decision: row.decision as ReviewItem['decision'],
    comment: row.comment,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    revocationRequestId: row.revocation_request_id,
    remindedAt: row.reminded_at,
    escalated: Number(row.escalated) === 1,
  };
}

function itemRow(item: ReviewItem): ItemRow {
  return {
    id: item.id,
    campaign_id: item.campaignId,
    identity_id: item.identityId,
    person_name: item.personName,
    account_key: item.accountKey,
    item_id: item.itemId,
    item_name: item.itemName,
    permissions: JSON.stringify(item.permissions),
    via: item.via,
    granted_at: item.grantedAt,
    grant_request_id: item.grantRequestId,
    risk: item.risk,
    last_activity: item.lastActivity,
    reviewer_id: item.reviewerId,
    decision: item.decision,
    comment: item.comment,
    decided_by: item.decidedBy,
    decided_at: item.decidedAt,
    revocation_request_id: item.revocationRequestId,
    reminded_at: item.remindedAt,
    escalated: item.escalated ? 1 : 0,
  };
}

const PATCH_COLUMNS: Record<keyof ReviewItemPatch, keyof ItemRow> = {
  decision: 'decision',
  comment: 'comment',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  revocationRequestId: 'revocation_request_id',
  remindedAt: 'reminded_at',
  escalated: 'escalated',
  reviewerId: 'reviewer_id',
};

function definitionOf(c: ReviewCampaign): string {
  const definition: Omit<CampaignDefinition, 'name' | 'deadline'> = {
    scope: c.scope,
    reviewers: c.reviewers,
    undecided: c.undecided,
    reminderAfterMs: c.reminderAfterMs,
    escalateAfterMs: c.escalateAfterMs,
  };
  return JSON.stringify(definition);
}

function itemsMatching(db: Kysely<Database>, query: ReviewItemQuery) {
  let q = db.selectFrom('review_items').where('campaign_id', '=', query.campaignId);
  if (query.reviewerId !== undefined) q = q.where('reviewer_id', '=', query.reviewerId);
  if (query.decision === 'undecided') q = q.where('decision', 'is', null);
  else if (query.decision !== undefined) q = q.where('decision', '=', query.decision);
  if (query.itemId !== undefined) q = q.where('item_id', '=', query.itemId);
  const text = query.q?.trim() ?? '';
  if (text !== '') {
    const pattern = containsPattern(text);
    q = q.where((eb) => eb.or([likeLower('person_name', pattern), likeLower('item_name', pattern)]));
  }
  return q;
}

/** Campaigns and their items; lists are keyset pages filtered in SQL; a launch reads the site through `reviewHoldings`. */
export function reviewRepository(db: Kysely<Database>, dialect: Dialect): ReviewRepository {
  return {
    ...reviewHoldings(db, dialect),
    async insertCampaign(c) {
      await db
        .insertInto('review_campaigns')
        .values({
          id: c.id,
          name: c.name,
          status: c.status,
          definition: definitionOf(c),
          deadline: c.deadline,
          created_by: c.createdBy,
          created_at: c.createdAt,
          launched_at: c.launchedAt,
          closed_at: c.closedAt,
          deadline_notice_at: c.deadlineNoticeAt,
        })
        .execute();
    },
    async getCampaign(id) {
      const row = await db.selectFrom('review_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toCampaign(row);
    },
    async transitionCampaign(id, from, patch) {
      const result = await db
        .updateTable('review_campaigns')
        .set({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.launchedAt === undefined ? {} : { launched_at: patch.launchedAt }),
          ...(patch.closedAt === undefined ? {} : { closed_at: patch.closedAt }),
          ...(patch.deadlineNoticeAt === undefined ? {} : { deadline_notice_at: patch.deadlineNoticeAt }),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .$if(patch.deadlineNoticeAt !== undefined, (q) => q.where('deadline_notice_at', 'is', null))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async pageCampaigns(query: CampaignQuery): Promise<Page<ReviewCampaign>> {
      let matching = db.selectFrom('review_campaigns');
      if (query.status !== undefined) matching = matching.where('status', '=', query.status);
      const reviewer = query.reviewerId;
      if (reviewer !== undefined) {
        matching = matching.where((eb) =>
          eb.exists(
            eb
              .selectFrom('review_items')
              .select('review_items.id')
              .whereRef('review_items.campaign_id', '=', 'review_campaigns.id')
              .where('review_items.reviewer_id', '=', reviewer),
          ),
        );
      }
      const page = await keysetPage(
        matching.selectAll(),
        CAMPAIGN_ORDER,
        query,
        (r) => [r.created_at, r.id],
        toCampaign,
      );
      return { ...page, ...(await countRows(matching.select('id'), query)) };
    },
    async listActive() {
      const rows = await db
        .selectFrom('review_campaigns')
        .selectAll()
        .where('status', '=', 'active')
        .execute();
      return rows.map(toCampaign);
    },
    async insertItems(items) {
      for (const batch of chunks(items.map(itemRow), 100))
        await db.insertInto('review_items').values(batch).execute();
    },
    async getItems(campaignId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('review_items')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(toItem);
    },
    async pageItems(query) {
      const matching = itemsMatching(db, query);
      const page = await keysetPage(
        matching.selectAll(),
        ITEM_ORDER,
        query,
        (r) => [r.person_name, r.item_name, r.id],
        toItem,
      );
      return { ...page, ...(await countRows(matching.select('id'), query)) };
    },
    async updateItem(id, patch) {
      const set: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch)) {
        const column = PATCH_COLUMNS[key as keyof ReviewItemPatch];
        set[column] = key === 'escalated' ? (value === true ? 1 : 0) : value;
      }
      if (Object.keys(set).length === 0) return;
      await db.updateTable('review_items').set(set).where('id', '=', id).execute();
    },
    async progress(campaignId) {
      const rows = await db
        .selectFrom('review_items')
        .select([
          'reviewer_id',
          sql<string | number>`count(*)`.as('total'),
          sql<string | number>`sum(case when decision = 'keep' then 1 else 0 end)`.as('kept'),
          sql<string | number>`sum(case when decision = 'revoke' then 1 else 0 end)`.as('revoked'),
        ])
        .where('campaign_id', '=', campaignId)
        .groupBy('reviewer_id')
        .orderBy('reviewer_id')
        .execute();
      return rows.map((r) => {
        const total = Number(r.total);
        const kept = Number(r.kept);
        const revoked = Number(r.revoked);
        return { reviewerId: r.reviewer_id, total, kept, revoked, undecided: total - kept - revoked };
      });
    },
    activeProgress: (limits) => activeProgress(db, limits),
  };
}
