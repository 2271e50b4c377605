import { type Connector, ConnectorError, toConnectorError } from '../../connector/index.ts';
import { deactivatedAccountKey } from '../lifecycle/leaver-deactivation.ts';
import { reactivateAfterCancelled } from '../lifecycle/rehire.ts';
import type { AccessRequest, Job, JobOutcome } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { recordStatusChange, type StatusChangeDone } from './account-status-done.ts';
import { readAccount, recordFailure } from './fulfillment-steps.ts';

/** What a deactivation needs: the store, the clock, ids (for a reactivation after a rehire) and the connector that disables. */
export interface DeactivateDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  connector: Connector;
}

/** A deactivation changes the status only: no space needs reading. */
const NO_SPACES = { spaces: [] };

/** The pending deactivation, and how many of the leaver's space revocations it waits for. */
async function load(
  store: Store,
  requestId: string,
): Promise<{ request: AccessRequest; waitFor: number } | undefined> {
  return store.transaction(async (tx) => {
    const request = await tx.requests.get(requestId);
    if (request?.status !== 'pending' || request.kind !== 'deactivate') return undefined;
    const pending = await tx.requests.list({ beneficiaryId: request.beneficiaryId, status: ['pending'] });
    const waitFor = pending.filter((r) => r.kind === 'revoke' && r.itemId.startsWith('space:')).length;
    return { request, waitFor };
  });
}

/**
 * Runs a deactivation request (a leaver's account, as the attribute policy's leave rules say): once
 * the leaver's space revocations are done (their groups wait for it, since the guardrail refuses
 * every write once the last Confluence group is gone), reads the account and disables it only when
 * it is enabled (`std:account:disable`), taking its read-back as the verification. A refusal ends
 * `failed` with Atlassian's reason: an action item on the account page and among the failures.
 * An account that no longer holds Confluence is never touched; that fails too, never silently.
 */
export async function deactivateAccount(
  deps: DeactivateDeps,
  job: Job,
  requestId: string,
): Promise<JobOutcome> {
  const { store, clock, connector } = deps;
  const loaded = await load(store, requestId);
  if (loaded === undefined) return { status: 'done' };
  const { request, waitFor } = loaded;
  if (waitFor > 0) {
    return { status: 'deferred', reason: `waiting for ${waitFor} space revocation(s) first`, delayMs: 500 };
  }
  const key = deactivatedAccountKey(request);
  try {
    const before = await readAccount(connector, key, NO_SPACES);
    if (before === undefined) {
      throw new ConnectorError(
        'guardrail',
        `account ${key} no longer holds Confluence access, and Spacegate never changes such an account; deactivate it in the site's administration if it must be`,
      );
    }
    if (before.disabled) return recordDeactivated(deps, job, request, { account: before, writes: 0 });
    const after = await connector.disableAccount(key);
    if (!after.disabled) {
      throw new ConnectorError('unavailable', 'read-back still shows the account enabled', {
        retryable: true,
      });
    }
    return recordDeactivated(deps, job, request, { account: after, writes: 1 });
  } catch (error) {
    const failure = toConnectorError(error);
    const reason = `${failure.code}: ${failure.message}`;
    // The answer may have been lost after the write went through: a read tells.
    const observed = await readAccount(connector, key, NO_SPACES).catch(() => undefined);
    if (observed?.disabled === true) {
      return recordDeactivated(deps, job, request, { account: observed, writes: 0, recovered: reason });
    }
    return recordFailure(store, clock, job, { request }, { reason, retryable: failure.retryable });
  }
}

/**
 * Records a verified deactivation once: the request moves pending to fulfilled, the stored account
 * follows the read-back, and two audit events say what was done (on the request) and why (on the
 * identity: the leaver and the policy rule, from the request's reason). When a rehire cancelled the
 * request while its write was in flight, a reactivation follows instead.
 */
async function recordDeactivated(
  deps: DeactivateDeps,
  job: Job,
  request: AccessRequest,
  done: StatusChangeDone,
): Promise<JobOutcome> {
  await deps.store.transaction(async (tx) => {
    if (await recordStatusChange(tx, deps.clock, job, request, done, 'account.deactivated')) return;
    // A rehire cancelled it while the write was in flight: the rehire wins, the account is enabled again.
    const now = await tx.requests.get(request.id);
    if (now?.status === 'cancelled' && done.account.disabled)
      await reactivateAfterCancelled(tx, deps, request);
  });
  return { status: 'done' };
}
