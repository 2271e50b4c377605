import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import { initialSchema } from './0001-initial.ts';

import type { Dialect } from './dialect.ts';

/** The one versioned migration set for both dialects, in order. */
function migrations(dialect: Dialect): Record<string, Migration> {
  return { '0001-initial': initialSchema(dialect) };
}

/**
 * Applies every pending migration; throws with the failing migration's name. On PostgreSQL the
 * bookkeeping table is schema-qualified, or Kysely would see another schema's table as ours.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
  schema?: string,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
  return (results ?? []).map((result) => result.migrationName);
}
