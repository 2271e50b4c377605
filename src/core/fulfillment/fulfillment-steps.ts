import {
  type AccountRecord,
  type Connector,
  type ReadOptions,
  toConnectorError,
} from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type {
  AccessRequest,
  Assignment,
  CatalogItem,
  Identity,
  Job,
  JobOutcome,
  StoredAccount,
} from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { assignmentInScope, mergeRead } from './read-scope.ts';

/** What a fulfillment needs from the store, read in one short transaction. */
export interface FulfillmentContext {
  request: AccessRequest;
  item: CatalogItem;
  identity: Identity;
  account: StoredAccount | undefined;
  /** Space revocations of a deprovisioning that must finish before a group is removed. */
  waitFor: number;
}

/**
 * Loads the request and what it refers to; undefined when there is nothing (left) to do because
 * the request is not pending: it was fulfilled or failed by an earlier run of the same job.
 */
export async function loadContext(store: Store, requestId: string): Promise<FulfillmentContext | undefined> {
  return store.transaction(async (tx) => {
    const request = await tx.requests.get(requestId);
    if (request?.status !== 'pending') return undefined;
    const item = await tx.catalog.get(request.itemId);
    const identity = await tx.identities.get(request.beneficiaryId);
    if (item === undefined || identity === undefined) return undefined;
    let waitFor = 0;
    if (request.kind === 'revoke' && item.type === 'group' && request.requesterId === SYSTEM_ACTOR) {
      const pending = await tx.requests.list({ beneficiaryId: identity.id, status: ['pending'] });
      waitFor = pending.filter((r) => r.kind === 'revoke' && r.itemId.startsWith('space:')).length;
    }
    return { request, item, identity, account: await tx.accounts.getByIdentity(identity.id), waitFor };
  });
}

/** Reads an account through the connector; undefined when it is gone or has no Confluence access. */
export async function readAccount(
  connector: Connector,
  key: string,
  scope?: ReadOptions,
): Promise<AccountRecord | undefined> {
  try {
    return await connector.getAccount(key, scope);
  } catch (error) {
    if (toConnectorError(error).code === 'not_found') return undefined;
    throw error;
  }
}

/**
 * Makes the stored assignments of an account what the verified read-back shows, so side effects
 * of the write (View added with another option, every option gone with View) are held correctly.
 */
async function syncAssignments(tx: StoreTx, account: AccountRecord): Promise<void> {
  const wanted = new Map<string, Assignment>();
  for (const value of account.attributes.groups)
    wanted.set(`group|${value}`, { accountKey: account.key, kind: 'group', value });
  for (const value of account.attributes.spacePermissions) {
    wanted.set(`space|${value}`, { accountKey: account.key, kind: 'space', value });
  }
  for (const held of await tx.assignments.listByAccount(account.key)) {
    if (!assignmentInScope(account, held)) continue;
    if (!wanted.delete(`${held.kind}|${held.value}`)) await tx.assignments.remove(held);
  }
  for (const missing of wanted.values()) await tx.assignments.add(missing);
}

/** Records success once: the request moves pending to fulfilled, assignments follow, one audit event. */
export async function recordDone(
  store: Store,
  clock: Clock,
  ctx: FulfillmentContext,
  account: AccountRecord | undefined,
  writes: number,
  kind: 'group' | 'space',
  values: string[],
): Promise<JobOutcome> {
  const { request } = ctx;
  await store.transaction(async (tx) => {
    const at = clock.now().toISOString();
    if (
      !(await tx.requests.transition(request.id, ['pending'], { status: 'fulfilled', updatedAt: at }, null))
    )
      return;
    const key = account?.key ?? ctx.account?.key;
    if (account !== undefined) await syncAssignments(tx, account);
    else if (key !== undefined) {
      for (const value of values) await tx.assignments.remove({ accountKey: key, kind, value });
    }
    if (account !== undefined && ctx.account !== undefined) {
      await tx.accounts.upsert({
        ...ctx.account,
        attributes: mergeRead(ctx.account.attributes, account),
        disabled: account.disabled,
      });
    }
    await recordEvent(tx, clock, {
      actor: SYSTEM_ACTOR,
      type: 'fulfillment.fulfilled',
      subject: `request:${request.id}`,
      data: { accountKey: key ?? null, kind: request.kind, values, writes, verified: true },
    });
  });
  return { status: 'done' };
}

/** Records a failure: retried with backoff while retryable and attempts remain, else the request fails with the reason. */
export async function recordFailure(
  store: Store,
  clock: Clock,
  job: Job,
  request: AccessRequest,
  failure: { reason: string; retryable: boolean },
): Promise<JobOutcome> {
  const { reason } = failure;
  const retry = failure.retryable && job.attempt < job.maxAttempts;
  await store.transaction(async (tx) => {
    const subject = `request:${request.id}`;
    if (retry) {
      await recordEvent(tx, clock, {
        actor: SYSTEM_ACTOR,
        type: 'fulfillment.retried',
        subject,
        data: { attempt: job.attempt, reason },
      });
      return;
    }
    const at = clock.now().toISOString();
    if (
      !(await tx.requests.transition(
        request.id,
        ['pending'],
        { status: 'failed', failureReason: reason, updatedAt: at },
        null,
      ))
    )
      return;
    await recordEvent(tx, clock, {
      actor: SYSTEM_ACTOR,
      type: 'fulfillment.failed',
      subject,
      data: { attempt: job.attempt, reason },
    });
  });
  return { status: 'failed', error: reason, retryable: retry };
}
