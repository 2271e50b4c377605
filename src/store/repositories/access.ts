import type { Kysely, Selectable } from 'kysely';
import type { RiskLevel } from '../../connector/index.ts';
import type { CatalogItem, StoredEntitlement } from '../../core/index.ts';
import type {
  AssignmentRepository,
  CatalogRepository,
  EntitlementRepository,
} from '../../core/ports/store.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { pageCatalog, pageEntitlements, pageHolders, peerSummary } from './access-pages.ts';
import { accessTotals, pageAccess } from './account-access.ts';
import { chunks, parseJson } from './json.ts';

function toEntitlement(row: Selectable<Database['entitlements']>): StoredEntitlement {
  return {
    type: row.type as StoredEntitlement['type'],
    key: row.key,
    name: row.name,
    attributes: parseJson(row.attributes),
  };
}

/** Entitlements on a Kysely connection or transaction. */
export function entitlementRepository(db: Kysely<Database>): EntitlementRepository {
  return {
    async get(type, key) {
      const row = await db
        .selectFrom('entitlements')
        .selectAll()
        .where('type', '=', type)
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? undefined : toEntitlement(row);
    },
    async getMany(type, keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('entitlements')
        .selectAll()
        .where('type', '=', type)
        .where('key', 'in', [...new Set(keys)])
        .execute();
      return rows.map(toEntitlement);
    },
    async namesOf(type, keys) {
      if (keys.length === 0) return new Map();
      const rows = await db
        .selectFrom('entitlements')
        .select(['key', 'name'])
        .where('type', '=', type)
        .where('key', 'in', [...new Set(keys)])
        .execute();
      return new Map(rows.map((r) => [r.key, r.name]));
    },
    page: (query) => pageEntitlements(db, query, toEntitlement),
    async list(type) {
      let query = db.selectFrom('entitlements').selectAll().orderBy('type').orderBy('key');
      if (type !== undefined) query = query.where('type', '=', type);
      return (await query.execute()).map(toEntitlement);
    },
    async replaceAll(entitlements) {
      await db.deleteFrom('entitlements').execute();
      for (const batch of chunks(entitlements)) {
        await db
          .insertInto('entitlements')
          .values(
            batch.map((e) => ({
              type: e.type,
              key: e.key,
              name: e.name,
              attributes: JSON.stringify(e.attributes),
            })),
          )
          .execute();
      }
    },
  };
}

/** Assignments on a Kysely connection or transaction. */
export function assignmentRepository(db: Kysely<Database>, dialect: Dialect): AssignmentRepository {
  return {
    async listByAccount(accountKey) {
      const rows = await db
        .selectFrom('assignments')
        .selectAll()
        .where('account_key', '=', accountKey)
        .orderBy('kind')
        .orderBy('value')
        .execute();
      return rows.map((r) => ({
        accountKey: r.account_key,
        kind: r.kind as 'group' | 'space',
        value: r.value,
      }));
    },
    holders: (query) => pageHolders(db, query),
    access: (query) => pageAccess(db, dialect, query),
    accessTotals: (accountKeys) => accessTotals(db, dialect, accountKeys),
    peers: (query) => peerSummary(db, query),
    async add(a) {
      await db
        .insertInto('assignments')
        .values({ account_key: a.accountKey, kind: a.kind, value: a.value, origin: 'granted' })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async remove(a) {
      await db
        .deleteFrom('assignments')
        .where('account_key', '=', a.accountKey)
        .where('kind', '=', a.kind)
        .where('value', '=', a.value)
        .execute();
    },
    async replaceAll(assignments) {
      await db.deleteFrom('assignments').execute();
      for (const batch of chunks(assignments)) {
        await db
          .insertInto('assignments')
          .values(
            batch.map((a) => ({ account_key: a.accountKey, kind: a.kind, value: a.value, origin: 'found' })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async count() {
      const row = await db
        .selectFrom('assignments')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toItem(row: Selectable<Database['catalog_items']>): CatalogItem {
  return {
    id: row.id,
    type: row.type as CatalogItem['type'],
    entitlementKey: row.entitlement_key,
    name: row.name,
    requestable: row.requestable === 1,
    owner: row.owner,
    risk: row.risk as RiskLevel,
    optionRisks: parseJson(row.option_risks),
    updatedAt: row.updated_at,
    ...(row.drift_policy === 'report' || row.drift_policy === 'revert'
      ? { driftPolicy: row.drift_policy }
      : {}),
  };
}

/** Catalog items on a Kysely connection or transaction. */
export function catalogRepository(db: Kysely<Database>): CatalogRepository {
  return {
    async get(id) {
      const row = await db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toItem(row);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('catalog_items')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return rows.map(toItem);
    },
    async list() {
      return (await db.selectFrom('catalog_items').selectAll().orderBy('id').execute()).map(toItem);
    },
    page: (query) => pageCatalog(db, query, toItem),
    async upsert(item) {
      const row = {
        id: item.id,
        type: item.type,
        entitlement_key: item.entitlementKey,
        name: item.name,
        requestable: item.requestable ? 1 : 0,
        owner: item.owner,
        risk: item.risk,
        option_risks: JSON.stringify(item.optionRisks),
        updated_at: item.updatedAt,
        drift_policy: item.driftPolicy ?? null,
      };
      const { id: _id, ...rest } = row;
      await db
        .insertInto('catalog_items')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    },
  };
}
