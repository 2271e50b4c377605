import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/index.ts';
import { migrateToLatest } from '../migrations/index.ts';
import { bindRepositories } from '../repositories/index.ts';
import type { Database } from '../schema.ts';
import { type BossHandle, pgBossJobRepository, startBoss } from './pg-boss-queue.ts';

/** Where the PostgreSQL store lives; `schema` isolates one deployment (or one test run). */
export interface PostgresOptions {
  url: string;
  schema?: string;
  /** Seconds after which pg-boss treats an active job as dead (its worker crashed) and retries it. */
  jobTimeoutSeconds?: number;
  /** How often pg-boss looks for expired jobs. */
  maintenanceIntervalSeconds?: number;
  retryDelaySeconds?: number;
}

/** A PostgreSQL store, its Kysely instance and the pg-boss instance that carries its jobs. */
export interface PostgresHandle {
  store: Store;
  db: Kysely<Database>;
  boss: BossHandle;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

/** Connects, creates the schema if needed, applies migrations, starts pg-boss in `<schema>_jobs`. */
export async function openPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`store.schema: invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 10,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(db);
    await migrateToLatest(db as Kysely<unknown>, 'postgres');
    const boss = await startBoss({
      url: options.url,
      schema: `${schema === 'public' ? 'spacegate' : schema}_jobs`,
      jobTimeoutSeconds: options.jobTimeoutSeconds ?? 300,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
      retryDelaySeconds: options.retryDelaySeconds ?? 2,
    });
    const store: Store = {
      kind: 'postgres',
      transaction: (fn) =>
        db.transaction().execute((tx) => fn(bindRepositories(tx, pgBossJobRepository(boss, tx), 'postgres'))),
      close: async () => {
        await boss.stopAll();
        await db.destroy();
      },
    };
    return { store, db, boss };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
