import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent } from '../../core/index.ts';
import type { AuditRepository, PolicyRepository } from '../../core/ports/store.ts';
import type { Database } from '../schema.ts';
import { parseJson } from './json.ts';
import { pageAudit } from './request-pages.ts';

function toEvent(r: Selectable<Database['audit_events']>): AuditEvent {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    type: r.type,
    subject: r.subject,
    data: parseJson(r.data),
  };
}

/** The audit log on a Kysely connection or transaction: insert and read, nothing else. */
export function auditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async append(event) {
      await db
        .insertInto('audit_events')
        .values({
          at: event.at,
          actor: event.actor,
          type: event.type,
          subject: event.subject,
          data: JSON.stringify(event.data),
        })
        .execute();
    },
    async list(filter = {}) {
      let query = db.selectFrom('audit_events').selectAll().orderBy('seq');
      if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
      if (filter.type !== undefined) query = query.where('type', '=', filter.type);
      if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
      return (await query.execute()).map(toEvent);
    },
    page: (query) => pageAudit(db, query, toEvent),
  };
}

/** Stored policy versions on a Kysely connection or transaction. */
export function policyRepository(db: Kysely<Database>): PolicyRepository {
  return {
    async get(name) {
      const row = await db.selectFrom('policies').selectAll().where('name', '=', name).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        name: row.name,
        kind: row.kind as 'attribute' | 'workflow',
        hash: row.hash,
        content: row.content,
        loadedAt: row.loaded_at,
      };
    },
    async put(record) {
      const row = {
        name: record.name,
        kind: record.kind,
        hash: record.hash,
        content: record.content,
        loaded_at: record.loadedAt,
      };
      const { name: _name, ...rest } = row;
      await db
        .insertInto('policies')
        .values(row)
        .onConflict((oc) => oc.column('name').doUpdateSet(rest))
        .execute();
    },
  };
}
