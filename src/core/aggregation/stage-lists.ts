import type { AccountRecord, Connector, EntitlementRecord, ListFrame } from '../../connector/index.ts';
import type { Assignment, StoredEntitlement } from '../model.ts';
import type { AggregationState, StagedAccount } from '../ports/aggregation-store.ts';
import type { Store } from '../ports/store.ts';
import type { RunTracker } from './run-tracker.ts';

/** Where staged rows go: the run, its store, its tracker, and how many rows make one batch. */
export interface StageTarget {
  runId: string;
  store: Store;
  tracker: RunTracker;
  batchSize: number;
  now: string;
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

function staged(account: AccountRecord, now: string): StagedAccount {
  return {
    account: {
      key: account.key,
      email: account.attributes.email.toLowerCase(),
      displayName: account.attributes.displayName,
      disabled: account.disabled,
      attributes: { ...account.attributes },
      aggregatedAt: now,
    },
    assignments: assignmentsOf(account),
  };
}

function toEntitlement(record: EntitlementRecord): StoredEntitlement {
  return {
    type: record.type,
    key: record.key,
    name: record.attributes.name,
    attributes: { ...record.attributes },
  };
}

type ListName = 'accounts' | 'group' | 'space';

/**
 * Streams one list into the staging tables: items and removals are written a batch at a time
 * (with the run's progress and lease, in one transaction), failures counted and named. Returns the
 * list's delta state and the keys that failed.
 */
async function stageList<T extends { key: string }>(
  target: StageTarget,
  list: ListName,
  frames: AsyncIterable<ListFrame<T>>,
  write: (items: T[]) => (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) => Promise<void>,
): Promise<{ state: AggregationState[ListName]; failed: string[] }> {
  const { tracker, store, runId } = target;
  let items: T[] = [];
  let removed: string[] = [];
  const failed: string[] = [];
  let state: AggregationState[ListName];
  const flush = async () => {
    const batch = items;
    const gone = removed;
    items = [];
    removed = [];
    await store.transaction(async (tx) => {
      if (batch.length > 0) await write(batch)(tx);
      if (gone.length > 0)
        await tx.aggregationStage.addRemovals(runId, list === 'accounts' ? 'account' : list, gone);
      await tracker.renew(tx);
    });
  };
  for await (const frame of frames) {
    if (frame.type === 'item') {
      items.push(frame.item);
      tracker.progress[list === 'accounts' ? 'accounts' : list === 'group' ? 'groups' : 'spaces']++;
    } else if (frame.type === 'removed') {
      removed.push(frame.key);
      tracker.progress.removed++;
    } else if (frame.type === 'failure') {
      failed.push(frame.key);
      tracker.progress.failures++;
    } else state = frame.state;
    if (items.length + removed.length >= target.batchSize) await flush();
  }
  await flush();
  return { state, failed };
}

/** Reads accounts, then groups, then spaces into the run's staging; the new delta state and failures. */
export async function stageAll(
  target: StageTarget,
  connector: Connector,
  previous: AggregationState | undefined,
): Promise<{ state: AggregationState; failed: string[] }> {
  const signal = target.tracker.signal;
  const options = (list: ListName) => ({
    signal,
    ...(previous?.[list] === undefined ? {} : { state: previous[list] }),
  });
  const state: AggregationState = {};
  const failed: string[] = [];
  target.tracker.phase('accounts');
  const accounts = await stageList(
    target,
    'accounts',
    connector.listAccounts(options('accounts')),
    (batch) => (tx) =>
      tx.aggregationStage.addAccounts(
        target.runId,
        batch.map((a) => staged(a, target.now)),
      ),
  );
  failed.push(...accounts.failed);
  if (accounts.state !== undefined) state.accounts = accounts.state;
  for (const type of ['group', 'space'] as const) {
    target.tracker.phase(type === 'group' ? 'groups' : 'spaces');
    const result = await stageList(
      target,
      type,
      connector.listEntitlements(type, options(type)),
      (batch) => (tx) => tx.aggregationStage.addEntitlements(target.runId, batch.map(toEntitlement)),
    );
    failed.push(...result.failed);
    if (result.state !== undefined) state[type] = result.state;
  }
  return { state, failed };
}
