import {
  type AccountRecord,
  type Connector,
  type ReadOptions,
  toConnectorError,
} from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { parseCatalogItemId } from '../catalog/catalog-item-id.ts';
import { openKeyOf } from '../lifecycle/open-key.ts';
import type {
  AccessRequest,
  Assignment,
  CatalogItem,
  FulfillmentOutcome,
  Identity,
  Job,
  JobOutcome,
  RequestStatus,
  StoredAccount,
  SubmittedKind,
} from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { assignmentInScope, mergeRead } from './read-scope.ts';

/** What a fulfillment of access needs from the store, read in one short transaction. */
export interface FulfillmentContext {
  request: AccessRequest & { kind: SubmittedKind };
  item: CatalogItem;
  identity: Identity;
  account: StoredAccount | undefined;
  /** Space revocations of a deprovisioning that must finish before a group is removed. */
  waitFor: number;
}

/** Whether a request is for access (grant or revoke of a catalog item), not a deactivation. */
function isAccessRequest(request: AccessRequest): request is AccessRequest & { kind: SubmittedKind } {
  return request.kind === 'grant' || request.kind === 'revoke';
}

/**
 * Loads a request for access and what it refers to; undefined when there is nothing (left) to do
 * because the request is not pending: it was fulfilled or failed by an earlier run of the same job.
 * A leaver's group revocation waits for their space revocations and their deactivation (the
 * guardrail refuses any write once the last Confluence group is gone).
 */
export async function loadContext(store: Store, requestId: string): Promise<FulfillmentContext | undefined> {
  return store.transaction(async (tx) => {
    const request = await tx.requests.get(requestId);
    if (request?.status !== 'pending' || !isAccessRequest(request)) return undefined;
    const item = await tx.catalog.get(request.itemId);
    const identity = await tx.identities.get(request.beneficiaryId);
    if (item === undefined || identity === undefined) return undefined;
    let waitFor = 0;
    if (isLeaverGroupRevocation({ request, item, identity })) {
      const pending = await tx.requests.list({ beneficiaryId: identity.id, status: ['pending'] });
      waitFor = pending.filter(
        (r) =>
          (r.kind === 'revoke' && parseCatalogItemId(r.itemId).type === 'space') || r.kind === 'deactivate',
      ).length;
    }
    return { request, item, identity, account: await tx.accounts.getByIdentity(identity.id), waitFor };
  });
}

/** A group revocation Spacegate raised for a leaver: it waits for their space revocations, and sweeps first. */
export function isLeaverGroupRevocation(
  ctx: Pick<FulfillmentContext, 'request' | 'item' | 'identity'>,
): boolean {
  const { request, item, identity } = ctx;
  return (
    request.kind === 'revoke' &&
    item.type === 'group' &&
    request.requesterId === SYSTEM_ACTOR &&
    identity.status === 'leaver'
  );
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

/** What a fulfillment aimed at: the kind of access and the values it grants or revokes. */
export interface FulfillmentGoal {
  kind: 'group' | 'space';
  values: string[];
}

/** The stored access follows a read: assignments and the account's attributes, in the caller's transaction. */
async function followRead(tx: StoreTx, ctx: FulfillmentContext, account: AccountRecord): Promise<void> {
  await syncAssignments(tx, account);
  if (ctx.account !== undefined) {
    await tx.accounts.upsert({
      ...ctx.account,
      attributes: mergeRead(ctx.account.attributes, account),
      disabled: account.disabled,
    });
  }
}

/**
 * Records success once: the request moves pending to fulfilled, the stored access follows the
 * verified read (or, with no account left, loses the values), one audit event. `recovered` names
 * the error whose answer was lost although the read shows the change in place.
 */
export async function recordDone(
  store: Store,
  clock: Clock,
  ctx: FulfillmentContext,
  done: {
    account: AccountRecord | undefined;
    writes: number;
    goal: FulfillmentGoal;
    recovered?: string;
    attempt?: number;
  },
): Promise<JobOutcome> {
  const { request } = ctx;
  const { account, goal } = done;
  await store.transaction(async (tx) => {
    const at = clock.now().toISOString();
    if (
      !(await tx.requests.transition(
        request.id,
        ['pending'],
        {
          status: 'fulfilled',
          outcome: null,
          updatedAt: at,
          ...(done.attempt === undefined ? {} : { attempts: done.attempt }),
        },
        null,
      ))
    )
      return;
    const key = account?.key ?? ctx.account?.key;
    if (account !== undefined) await followRead(tx, ctx, account);
    else if (key !== undefined) {
      for (const value of goal.values)
        await tx.assignments.remove({ accountKey: key, kind: goal.kind, value });
    }
    await recordEvent(tx, clock, {
      actor: SYSTEM_ACTOR,
      type: 'fulfillment.fulfilled',
      subject: `request:${request.id}`,
      data: {
        accountKey: key ?? null,
        kind: request.kind,
        values: goal.values,
        writes: done.writes,
        verified: true,
        ...(done.recovered === undefined ? {} : { recovered: done.recovered }),
      },
    });
  });
  return { status: 'done' };
}

/** A failed attempt: why, whether a retry may help, and what the read-back after it found in place. */
export interface AttemptFailure {
  reason: string;
  retryable: boolean;
  /** The account as read after the failure (the stored access follows it); absent when unread. */
  observed?: AccountRecord;
  outcome?: FulfillmentOutcome;
}

/** The status and reason a request ends with when no retry is left, from what was found in place. */
function finalState(
  failure: AttemptFailure,
  outcome: FulfillmentOutcome | null,
): { status: RequestStatus; reason: string } {
  if (outcome === null) return { status: 'failed', reason: failure.reason };
  if (!outcome.verified) {
    return {
      status: 'failed',
      reason: `${failure.reason}; the outcome is unknown (the read-back failed too): the access may be partly or wholly in place`,
    };
  }
  if (outcome.applied.length === 0)
    return { status: 'failed', reason: `${failure.reason}; nothing was changed` };
  return {
    status: 'partially_fulfilled',
    reason: `${failure.reason}; in place: ${outcome.applied.join(', ')}; not in place: ${outcome.missing.join(', ')}`,
  };
}

/**
 * Records a failed attempt: retried with backoff while retryable and attempts remain (a retry writes
 * only what is still missing, since it reads first), else the request ends `partially_fulfilled` or
 * `failed` with what was found in place. Either way the stored access follows the read-back.
 */
export async function recordFailure(
  store: Store,
  clock: Clock,
  job: Job,
  ctx: FulfillmentContext | { request: AccessRequest },
  failure: AttemptFailure,
): Promise<JobOutcome> {
  const { request } = ctx;
  const retry = failure.retryable && job.attempt < job.maxAttempts;
  // What this attempt read, else what an earlier attempt did (kept on the request between attempts).
  const outcome = failure.outcome ?? request.outcome;
  await store.transaction(async (tx) => {
    const subject = `request:${request.id}`;
    if (failure.observed !== undefined && 'item' in ctx) await followRead(tx, ctx, failure.observed);
    if (retry) {
      if (failure.outcome !== undefined) {
        await tx.requests.transition(request.id, ['pending'], { outcome }, openKeyOf(request));
      }
      await recordEvent(tx, clock, {
        actor: SYSTEM_ACTOR,
        type: 'fulfillment.retried',
        subject,
        data: { attempt: job.attempt, reason: failure.reason, outcome },
      });
      return;
    }
    const { status, reason } = finalState(failure, outcome);
    const at = clock.now().toISOString();
    if (
      !(await tx.requests.transition(
        request.id,
        ['pending'],
        { status, failureReason: reason, outcome, updatedAt: at, attempts: job.attempt },
        null,
      ))
    )
      return;
    await recordEvent(tx, clock, {
      actor: SYSTEM_ACTOR,
      type: status === 'failed' ? 'fulfillment.failed' : 'fulfillment.partial',
      subject,
      data: { attempt: job.attempt, reason, outcome },
    });
  });
  return { status: 'failed', error: failure.reason, retryable: retry };
}
