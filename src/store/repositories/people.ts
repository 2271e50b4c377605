import type { Kysely, Selectable } from 'kysely';
import type { Identity, IdentityStatus, StoredAccount } from '../../core/index.ts';
import type { AccountRepository, IdentityRepository } from '../../core/ports/store.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { chunks, parseJson } from './json.ts';
import { pageAccounts, pageIdentities } from './people-pages.ts';

export function toIdentity(row: Selectable<Database['identities']>): Identity {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    department: row.department,
    jobTitle: row.job_title,
    managerId: row.manager_id,
    status: row.status as IdentityStatus,
    extra: parseJson(row.extra),
    updatedAt: row.updated_at,
  };
}

/** Identities on a Kysely connection or transaction. */
export function identityRepository(db: Kysely<Database>, dialect: Dialect): IdentityRepository {
  return {
    async get(id) {
      const row = await db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toIdentity(row);
    },
    async getByEmail(email) {
      const row = await db
        .selectFrom('identities')
        .selectAll()
        .where('email_lower', '=', email.toLowerCase())
        .executeTakeFirst();
      return row === undefined ? undefined : toIdentity(row);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return rows.map(toIdentity);
    },
    async list() {
      return (await db.selectFrom('identities').selectAll().orderBy('id').execute()).map(toIdentity);
    },
    page: (query) => pageIdentities(db, dialect, query, toIdentity),
    async upsert(identity) {
      const row = {
        id: identity.id,
        email: identity.email,
        email_lower: identity.email.toLowerCase(),
        first_name: identity.firstName,
        last_name: identity.lastName,
        department: identity.department,
        job_title: identity.jobTitle,
        manager_id: identity.managerId,
        status: identity.status,
        extra: JSON.stringify(identity.extra),
        updated_at: identity.updatedAt,
      };
      const { id: _id, ...rest } = row;
      await db
        .insertInto('identities')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    },
  };
}

function toAccount(row: Selectable<Database['accounts']>): StoredAccount {
  return {
    key: row.key,
    email: row.email_lower,
    identityId: row.identity_id,
    displayName: row.display_name,
    disabled: row.disabled === 1,
    attributes: parseJson(row.attributes),
    aggregatedAt: row.aggregated_at,
  };
}

function accountRow(account: StoredAccount): Database['accounts'] {
  return {
    key: account.key,
    email_lower: account.email.toLowerCase(),
    identity_id: account.identityId,
    display_name: account.displayName,
    disabled: account.disabled ? 1 : 0,
    guest: account.attributes.guest === true ? 1 : 0,
    attributes: JSON.stringify(account.attributes),
    aggregated_at: account.aggregatedAt,
  };
}

/** Accounts on a Kysely connection or transaction. */
export function accountRepository(db: Kysely<Database>, dialect: Dialect): AccountRepository {
  return {
    async get(key) {
      const row = await db.selectFrom('accounts').selectAll().where('key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : toAccount(row);
    },
    async getByIdentity(identityId) {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('identity_id', '=', identityId)
        .orderBy('key')
        .executeTakeFirst();
      return row === undefined ? undefined : toAccount(row);
    },
    async keysOfIdentities(identityIds) {
      if (identityIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('accounts')
        .select(['identity_id', 'key'])
        .where('identity_id', 'in', [...new Set(identityIds)])
        .orderBy('key', 'desc')
        .execute();
      // Descending, so the first key of each identity is the one kept.
      return new Map(rows.map((r) => [r.identity_id ?? '', r.key]));
    },
    async list() {
      return (await db.selectFrom('accounts').selectAll().orderBy('key').execute()).map(toAccount);
    },
    page: (query) => pageAccounts(db, dialect, query),
    async upsert(account) {
      const { key: _key, ...rest } = accountRow(account);
      await db
        .insertInto('accounts')
        .values(accountRow(account))
        .onConflict((oc) => oc.column('key').doUpdateSet(rest))
        .execute();
    },
    async replaceAll(accounts) {
      await db.deleteFrom('accounts').execute();
      for (const batch of chunks(accounts)) {
        await db.insertInto('accounts').values(batch.map(accountRow)).execute();
      }
    },
  };
}
