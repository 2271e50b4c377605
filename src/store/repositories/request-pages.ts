import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { AuditQuery, InboxQuery, Page, RequestQuery } from '../../core/index.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { countRows, type KeysetOrder, keysetPage } from './keyset.ts';
import { idsContaining } from './text-search.ts';

type RequestRow = Selectable<Database['access_requests']>;
type ApprovalRow = Selectable<Database['approvals']>;
type AuditRow = Selectable<Database['audit_events']>;

const REQUEST_ORDER: KeysetOrder = { name: 'requests', columns: ['created_at', 'id'], direction: 'desc' };
const OLDEST_FIRST: KeysetOrder = { ...REQUEST_ORDER, name: 'requests.oldest', direction: 'asc' };
const INBOX_ORDER: KeysetOrder = {
  name: 'inbox',
  columns: ['access_requests.created_at', 'approvals.id'],
  direction: 'asc',
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

/** One page of an approver's undecided approvals at their request's current stage, oldest request first. */
export async function pageInbox(db: Kysely<Database>, query: InboxQuery): Promise<Page<ApprovalRow>> {
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
  const rows = matching.selectAll('approvals').select('access_requests.created_at as request_created_at');
  const page = await keysetPage(
    rows,
    INBOX_ORDER,
    query,
    (r) => [r.request_created_at, r.id],
    ({ request_created_at: _, ...approval }) => approval,
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
