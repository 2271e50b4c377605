import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { AuditQuery, InboxQuery, InboxSort, Page, RequestQuery } from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { countRows, directed, type KeysetOrder, keysetPage } from './keyset.ts';
import { requestRiskRankSql } from './risk-rank.ts';
import { idsContaining } from './text-search.ts';

type RequestRow = Selectable<Database['access_requests']>;
type ApprovalRow = Selectable<Database['approvals']>;
type AuditRow = Selectable<Database['audit_events']>;

const REQUEST_ORDER: KeysetOrder = { name: 'requests', columns: ['created_at', 'id'], direction: 'desc' };
const OLDEST_FIRST: KeysetOrder = { ...REQUEST_ORDER, name: 'requests.oldest', direction: 'asc' };
const SUBMITTED = ['access_requests.created_at', 'approvals.id'] as const;
/** The beneficiary's and the item's names; a person or item no longer stored sorts as the empty text. */
const LAST_NAME = sql`coalesce(b.last_name, '')`;
const FIRST_NAME = sql`coalesce(b.first_name, '')`;
const ITEM_NAME = sql`coalesce(c.name, access_requests.item_id)`;

function inboxOrders(risk: Expression<unknown>): Readonly<Record<InboxSort, KeysetOrder>> {
  return {
    submitted: { name: 'inbox', columns: SUBMITTED, direction: 'asc' },
    beneficiary: {
      name: 'inbox.beneficiary',
      columns: [LAST_NAME, FIRST_NAME, ...SUBMITTED],
      direction: 'asc',
    },
    item: { name: 'inbox.item', columns: [ITEM_NAME, ...SUBMITTED], direction: 'asc' },
    risk: { name: 'inbox.risk', columns: [risk, ...SUBMITTED], direction: 'asc' },
  };
}

interface InboxSortValues {
  request_created_at: string;
  sort_last: string;
  sort_first: string;
  sort_item: string;
  sort_risk: number | string;
}

const INBOX_KEYS: Readonly<
  Record<InboxSort, (r: InboxSortValues & { id: string }) => Array<string | number>>
> = {
  submitted: (r) => [r.request_created_at, r.id],
  beneficiary: (r) => [r.sort_last, r.sort_first, r.request_created_at, r.id],
  item: (r) => [r.sort_item, r.request_created_at, r.id],
  risk: (r) => [Number(r.sort_risk), r.request_created_at, r.id],
};
const AUDIT_ORDER: KeysetOrder = { name: 'audit', columns: ['seq'], direction: 'desc' };

function requestsMatching(db: Kysely<Database>, dialect: Dialect, query: RequestQuery) {
  let q = db.selectFrom('access_requests');
  if (query.status !== undefined && query.status.length > 0) q = q.where('status', 'in', query.status);
  if (query.beneficiaryId !== undefined) q = q.where('beneficiary_id', '=', query.beneficiaryId);
  if (query.requesterId !== undefined) q = q.where('requester_id', '=', query.requesterId);
  if (query.itemId !== undefined) q = q.where('item_id', '=', query.itemId);
  const visible = query.visibleTo;
  if (visible !== undefined) {
    const me = visible.identityId;
    q = q.where((eb) => {
      const ways: Array<ReturnType<typeof eb>> = [eb('requester_id', '=', me), eb('beneficiary_id', '=', me)];
      if (visible.asApprover) {
        const approves = eb
          .selectFrom('approvals')
          .select('approvals.id')
          .whereRef('approvals.request_id', '=', 'access_requests.id')
          .where('approvals.approver_id', '=', me);
        ways.push(eb.exists(approves));
      }
      if (visible.asOwner) {
        const owns = eb
          .selectFrom('catalog_items')
          .select('catalog_items.id')
          .whereRef('catalog_items.id', '=', 'access_requests.item_id')
          .where('catalog_items.owner', '=', me);
        ways.push(eb.exists(owns));
      }
      return eb.or(ways);
    });
  }
  const text = query.q?.trim() ?? '';
  if (text !== '') q = q.where(requestText(dialect, text));
  return q;
}

/**
 * The request's id, its item's name or a person's name contains the text, each part from the ids
 * an index finds (migrations 0007 and 0015) and met through the requests' own indexes: SQLite
 * answers an `OR` of four `IN`s as a union of index lookups; PostgreSQL's planner would filter
 * every request by them instead, so there the union is written out.
 */
function requestText(dialect: Dialect, text: string) {
  const people = idsContaining(dialect, 'identities', text, sql`first_name || ' ' || last_name`);
  const items = idsContaining(dialect, 'catalog_items', text, sql`name`);
  const ids = idsContaining(dialect, 'access_requests', text, sql`id`);
  if (dialect === 'postgres') {
    const via = (column: string, matching: typeof people) =>
      sql`select r.id from access_requests r where ${sql.ref(`r.${column}`)} in (${matching})`;
    return sql<SqlBool>`access_requests.id in (${ids} union ${via('item_id', items)}
      union ${via('beneficiary_id', people)} union ${via('requester_id', people)})`;
  }
  return sql<SqlBool>`(access_requests.id in (${ids}) or access_requests.item_id in (${items})
    or access_requests.beneficiary_id in (${people}) or access_requests.requester_id in (${people}))`;
}

/** One page of requests, newest first (or oldest first); the total only when asked. */
export async function pageRequests<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  query: RequestQuery,
  map: (row: RequestRow) => T,
): Promise<Page<T>> {
  const matching = requestsMatching(db, dialect, query);
  const order = query.oldestFirst === true ? OLDEST_FIRST : REQUEST_ORDER;
  const page = await keysetPage(matching.selectAll(), order, query, (r) => [r.created_at, r.id], map);
  return { ...page, ...(await countRows(matching.select('id'), query)) };
}

/**
 * One page of an approver's undecided approvals at their request's current stage, in the asked
 * order (oldest request first by default): the beneficiary and the item are joined for their names,
 * the risk is reckoned in SQL, so every order pages by keyset like the others.
 */
export async function pageInbox(
  db: Kysely<Database>,
  dialect: Dialect,
  query: InboxQuery,
): Promise<Page<ApprovalRow>> {
  const matching = db
    .selectFrom('approvals')
    .innerJoin('access_requests', 'access_requests.id', 'approvals.request_id')
    .where('approvals.approver_id', '=', query.approverId)
    .where('approvals.decision', 'is', null)
    .where('access_requests.status', '=', 'awaiting_approval')
    .whereRef('access_requests.current_stage', '=', 'approvals.stage')
    // Separation of duties: a party to the request never sees it as theirs to decide.
    .where('access_requests.requester_id', '!=', query.approverId)
    .where('access_requests.beneficiary_id', '!=', query.approverId);
  const sort = query.sort ?? 'submitted';
  const risk = sql.raw(requestRiskRankSql(dialect));
  const order = directed(inboxOrders(risk)[sort], query.direction);
  const rows = matching
    .leftJoin('identities as b', 'b.id', 'access_requests.beneficiary_id')
    .leftJoin('catalog_items as c', 'c.id', 'access_requests.item_id')
    .selectAll('approvals')
    .select([
      'access_requests.created_at as request_created_at',
      sql<string>`${LAST_NAME}`.as('sort_last'),
      sql<string>`${FIRST_NAME}`.as('sort_first'),
      sql<string>`${ITEM_NAME}`.as('sort_item'),
      sql<number | string>`${risk}`.as('sort_risk'),
    ]);
  const page = await keysetPage(
    rows,
    order,
    query,
    INBOX_KEYS[sort],
    ({ request_created_at: _, sort_last: _l, sort_first: _f, sort_item: _i, sort_risk: _r, ...approval }) =>
      approval,
  );
  return { ...page, ...(await countRows(matching.select('approvals.id'), query)) };
}

/** One page of audit events, newest first; the total only when asked. */
export async function pageAudit<T>(
  db: Kysely<Database>,
  query: AuditQuery,
  map: (row: AuditRow) => T,
): Promise<Page<T>> {
  let matching = db.selectFrom('audit_events');
  if (query.type !== undefined) matching = matching.where('type', '=', query.type);
  if (query.actor !== undefined) matching = matching.where('actor', '=', query.actor);
  if (query.subject !== undefined) matching = matching.where('subject', '=', query.subject);
  if (query.since !== undefined) matching = matching.where('at', '>=', query.since);
  if (query.until !== undefined) matching = matching.where('at', '<=', query.until);
  const page = await keysetPage(matching.selectAll(), AUDIT_ORDER, query, (r) => [Number(r.seq)], map);
  return { ...page, ...(await countRows(matching.select('seq'), query)) };
}
