import type { Kysely, Selectable } from 'kysely';
import type { PermissionOptionId } from '../../connector/index.ts';
import {
  type AccessRequest,
  type Approval,
  DomainError,
  type FulfillmentOutcome,
  type RequestKind,
  type RequestStatus,
} from '../../core/index.ts';
import type { ApprovalRepository, RequestRepository } from '../../core/ports/store.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { parseJson } from './json.ts';
import { pageInbox, pageRequests } from './request-pages.ts';

/** Whether a database error is a unique violation on this column (PostgreSQL 23505, SQLite UNIQUE). */
function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  const text = `${String(e?.message ?? '')} ${String(e?.constraint ?? '')}`;
  return (e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE') && text.includes(column);
}

function toRequest(row: Selectable<Database['access_requests']>): AccessRequest {
  return {
    id: row.id,
    kind: row.kind as RequestKind,
    requesterId: row.requester_id,
    beneficiaryId: row.beneficiary_id,
    itemId: row.item_id,
    permissions: parseJson<PermissionOptionId[]>(row.permissions),
    justification: row.justification,
    endDate: row.end_date,
    status: row.status as RequestStatus,
    workflow: row.workflow,
    stages: parseJson(row.stages),
    currentStage: row.current_stage,
    failureReason: row.failure_reason,
    outcome: row.outcome === null ? null : parseJson<FulfillmentOutcome>(row.outcome),
    ...(row.attempts === null ? {} : { attempts: row.attempts }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Access requests on a Kysely connection or transaction. `lock` is `SELECT … FOR UPDATE` on
 * PostgreSQL; on SQLite every transaction already holds the write lock (`BEGIN IMMEDIATE`).
 */
export function requestRepository(db: Kysely<Database>, dialect: Dialect): RequestRepository {
  return {
    async lock(id) {
      if (dialect === 'postgres') {
        await db.selectFrom('access_requests').select('id').where('id', '=', id).forUpdate().execute();
      }
    },
    async get(id) {
      const row = await db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRequest(row);
    },
    async findOpen(openKey) {
      const row = await db
        .selectFrom('access_requests')
        .selectAll()
        .where('open_key', '=', openKey)
        .executeTakeFirst();
      return row === undefined ? undefined : toRequest(row);
    },
    async insert(r, openKey) {
      const insert = db
        .insertInto('access_requests')
        .values({
          id: r.id,
          kind: r.kind,
          requester_id: r.requesterId,
          beneficiary_id: r.beneficiaryId,
          item_id: r.itemId,
          permissions: JSON.stringify(r.permissions),
          justification: r.justification,
          end_date: r.endDate,
          status: r.status,
          workflow: r.workflow,
          stages: JSON.stringify(r.stages),
          current_stage: r.currentStage,
          failure_reason: r.failureReason,
          outcome: r.outcome === null ? null : JSON.stringify(r.outcome),
          open_key: openKey,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })
        .execute();
      await insert.catch((error: unknown) => {
        if (openKey !== null && isUniqueViolation(error, 'open_key')) {
          throw new DomainError('request.duplicate_open', 'an open request for this already exists', {
            openKey,
          });
        }
        throw error;
      });
    },
    async transition(id, from, patch, openKey) {
      const result = await db
        .updateTable('access_requests')
        .set({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.currentStage === undefined ? {} : { current_stage: patch.currentStage }),
          ...(patch.failureReason === undefined ? {} : { failure_reason: patch.failureReason }),
          ...(patch.outcome === undefined
            ? {}
            : { outcome: patch.outcome === null ? null : JSON.stringify(patch.outcome) }),
          ...(patch.updatedAt === undefined ? {} : { updated_at: patch.updatedAt }),
          ...(patch.attempts === undefined ? {} : { attempts: patch.attempts }),
          open_key: openKey,
        })
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async list(filter = {}) {
      let query = db.selectFrom('access_requests').selectAll().orderBy('created_at').orderBy('id');
      if (filter.status !== undefined && filter.status.length > 0)
        query = query.where('status', 'in', filter.status);
      if (filter.beneficiaryId !== undefined)
        query = query.where('beneficiary_id', '=', filter.beneficiaryId);
      if (filter.itemId !== undefined) query = query.where('item_id', '=', filter.itemId);
      if (filter.kinds !== undefined && filter.kinds.length > 0)
        query = query.where('kind', 'in', filter.kinds);
      return (await query.execute()).map(toRequest);
    },
    page: (query) => pageRequests(db, dialect, query, toRequest),
    async listExpired(now) {
      const rows = await db
        .selectFrom('access_requests')
        .selectAll()
        .where('kind', '=', 'grant')
        .where('status', 'in', ['fulfilled', 'partially_fulfilled'])
        .where('end_date', 'is not', null)
        .where('end_date', '<=', now)
        .orderBy('end_date')
        .execute();
      return rows.map(toRequest);
    },
  };
}

function toApproval(row: Selectable<Database['approvals']>): Approval {
  return {
    id: row.id,
    requestId: row.request_id,
    stage: row.stage,
    approverId: row.approver_id,
    decision: row.decision as Approval['decision'],
    reason: row.reason,
    decidedAt: row.decided_at,
    assignedAt: row.assigned_at,
    remindedAt: row.reminded_at,
    escalated: row.escalated === 1,
  };
}

/** Approvals on a Kysely connection or transaction. */
export function approvalRepository(db: Kysely<Database>, dialect: Dialect): ApprovalRepository {
  return {
    async insert(a) {
      await db
        .insertInto('approvals')
        .values({
          id: a.id,
          request_id: a.requestId,
          stage: a.stage,
          approver_id: a.approverId,
          decision: a.decision,
          reason: a.reason,
          decided_at: a.decidedAt,
          assigned_at: a.assignedAt,
          reminded_at: a.remindedAt,
          escalated: a.escalated ? 1 : 0,
        })
        .execute();
    },
    async listByRequest(requestId) {
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('stage')
        .orderBy('assigned_at')
        .orderBy('id')
        .execute();
      return rows.map(toApproval);
    },
    async listByRequests(requestIds) {
      if (requestIds.length === 0) return [];
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('request_id', 'in', [...new Set(requestIds)])
        .orderBy('request_id')
        .orderBy('stage')
        .orderBy('assigned_at')
        .orderBy('id')
        .execute();
      return rows.map(toApproval);
    },
    async inbox(query) {
      const page = await pageInbox(db, dialect, query);
      const ids = page.items.map((a) => a.request_id);
      const requests =
        ids.length === 0
          ? []
          : await db.selectFrom('access_requests').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(requests.map((r) => [r.id, toRequest(r)]));
      const items = page.items.flatMap((a) => {
        const request = byId.get(a.request_id);
        return request === undefined ? [] : [{ approval: toApproval(a), request }];
      });
      return { ...page, items };
    },
    async listUndecided() {
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('decision', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toApproval);
    },
    async update(id, patch) {
      await db
        .updateTable('approvals')
        .set({
          ...(patch.decision === undefined ? {} : { decision: patch.decision }),
          ...(patch.reason === undefined ? {} : { reason: patch.reason }),
          ...(patch.decidedAt === undefined ? {} : { decided_at: patch.decidedAt }),
          ...(patch.remindedAt === undefined ? {} : { reminded_at: patch.remindedAt }),
          ...(patch.escalated === undefined ? {} : { escalated: patch.escalated ? 1 : 0 }),
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
