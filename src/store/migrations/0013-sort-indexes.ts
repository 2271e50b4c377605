import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Index name -> table and the index's terms: one per new order of the catalog, entitlement and
 * identity lists (each ends with the list's unique columns, as its keyset does). An expression is
 * the very text the list orders by, so both engines match the index to the query.
 */
/** The rank of a catalog item's risk word: the text `RISK_RANK_SQL` orders by (written out, so this migration never changes). */
const RISK_RANK = `CASE risk WHEN 'low' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;

const INDEXES: ReadonlyArray<[string, string, string]> = [
  ['catalog_name', 'catalog_items', 'name, id'],
  ['catalog_key', 'catalog_items', 'entitlement_key, id'],
  ['catalog_risk', 'catalog_items', `(${RISK_RANK}), name, id`],
  ['entitlements_name', 'entitlements', 'name, type, key'],
  ['entitlements_key', 'entitlements', 'key, type'],
  ['identities_email_id', 'identities', 'email_lower, id'],
  ['identities_department', 'identities', `(coalesce(department, '')), last_name, first_name, id`],
  ['identities_title', 'identities', `(coalesce(job_title, '')), last_name, first_name, id`],
  ['identities_status_name', 'identities', 'status, last_name, first_name, id'],
];

/** Indexes for sorting the catalog, entitlement and people tables by each of their columns. */
export function sortIndexes(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, table, terms] of INDEXES) {
        await sql`CREATE INDEX ${sql.id(name)} ON ${sql.id(table)} (${sql.raw(terms)})`.execute(db);
      }
    },
  };
}
