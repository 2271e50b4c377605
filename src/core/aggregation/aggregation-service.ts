import type { AccountRecord, Connector, EntitlementRecord, EntitlementType } from '../../connector/index.ts';
import { recordEvent } from '../audit/audit.ts';
import { syncCatalog } from '../catalog/catalog-service.ts';
import { DomainError } from '../errors.ts';
import type { Assignment, StoredAccount, StoredEntitlement } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** What one aggregation found. */
export interface AggregationReport {
  accounts: number;
  correlated: number;
  /** Keys of accounts that match no identity. */
  orphans: string[];
  groups: number;
  spaces: number;
  assignments: number;
  catalogAdded: number;
}

async function collect<T>(
  frames: AsyncIterable<{ type: string; item?: T; key?: string }>,
  failures: string[],
) {
  const items: T[] = [];
  for await (const frame of frames) {
    if (frame.type === 'item' && frame.item !== undefined) items.push(frame.item);
    else if (frame.type === 'failure') failures.push(frame.key ?? '(unknown)');
  }
  return items;
}

function toEntitlement(record: EntitlementRecord): StoredEntitlement {
  const name = record.type === 'group' ? record.attributes.name : record.attributes.name;
  return { type: record.type, key: record.key, name, attributes: { ...record.attributes } };
}

function assignmentsOf(account: AccountRecord): Assignment[] {
  return [
    ...account.attributes.groups.map((value) => ({ accountKey: account.key, kind: 'group' as const, value })),
    ...account.attributes.spacePermissions.map((value) => ({
      accountKey: account.key,
      kind: 'space' as const,
      value,
    })),
  ];
}

/** Aggregation: reads accounts, groups and spaces through the connector into the store. */
export interface AggregationService {
  aggregate(actor: string): Promise<AggregationReport>;
}

/**
 * Creates the aggregation service. Everything is read first; only a complete, failure-free read
 * replaces the stored accounts, entitlements and assignments (in one transaction, with the
 * catalog sync and the audit event), so a failed aggregation never replaces good data with partial
 * data. Accounts are correlated to identities by email, case-insensitively.
 */
export function createAggregationService(deps: {
  store: Store;
  clock: Clock;
  connector: Connector;
}): AggregationService {
  const { store, clock, connector } = deps;
  const readAll = async (failures: string[]) => {
    const accounts = await collect<AccountRecord>(connector.listAccounts(), failures);
    const entitlements: EntitlementRecord[] = [];
    for (const type of ['group', 'space'] as EntitlementType[]) {
      entitlements.push(...(await collect<EntitlementRecord>(connector.listEntitlements(type), failures)));
    }
    return { accounts, entitlements };
  };
  return {
    async aggregate(actor) {
      const failures: string[] = [];
      let read: Awaited<ReturnType<typeof readAll>>;
      try {
        read = await readAll(failures);
        if (failures.length > 0)
          throw new Error(`${failures.length} item(s) failed: ${failures.slice(0, 5).join(', ')}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await store.transaction((tx) =>
          recordEvent(tx, clock, {
            actor,
            type: 'aggregation.failed',
            subject: 'aggregation',
            data: { message },
          }),
        );
        throw new DomainError(
          'aggregation.failed',
          `aggregation failed, stored data kept: ${message}`,
          undefined,
          {
            cause: error,
          },
        );
      }
      const now = clock.now().toISOString();
      return store.transaction(async (tx) => {
        const identities = new Map((await tx.identities.list()).map((i) => [i.email.toLowerCase(), i.id]));
        const accounts: StoredAccount[] = read.accounts.map((a) => ({
          key: a.key,
          email: a.attributes.email.toLowerCase(),
          identityId: identities.get(a.attributes.email.toLowerCase()) ?? null,
          displayName: a.attributes.displayName,
          disabled: a.disabled,
          attributes: { ...a.attributes },
          aggregatedAt: now,
        }));
        const assignments = read.accounts.flatMap(assignmentsOf);
        await tx.accounts.replaceAll(accounts);
        await tx.entitlements.replaceAll(read.entitlements.map(toEntitlement));
        await tx.assignments.replaceAll(assignments);
        const catalogAdded = await syncCatalog(tx, clock, actor);
        const report: AggregationReport = {
          accounts: accounts.length,
          correlated: accounts.filter((a) => a.identityId !== null).length,
          orphans: accounts.filter((a) => a.identityId === null).map((a) => a.key),
          groups: read.entitlements.filter((e) => e.type === 'group').length,
          spaces: read.entitlements.filter((e) => e.type === 'space').length,
          assignments: assignments.length,
          catalogAdded,
        };
        await recordEvent(tx, clock, {
          actor,
          type: 'aggregation.completed',
          subject: 'aggregation',
          data: { ...report, orphans: report.orphans.length },
        });
        return report;
      });
    },
  };
}
