import {
  type AccountRecord,
  type Connector,
  ConnectorError,
  toConnectorError,
} from '../../connector/index.ts';
import { deactivatedAccountKey } from '../lifecycle/leaver-deactivation.ts';
import type { AccessRequest, Job, JobOutcome, StoredAccount } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { recordStatusChange, type StatusChangeDone } from './account-status-done.ts';
import { readAccount, recordFailure } from './fulfillment-steps.ts';

/** What a reactivation needs: the store, the clock and the connector that enables. */
export interface ReactivateDeps {
  store: Store;
  clock: Clock;
  connector: Connector;
}

/** A reactivation changes the status (and at most the product group): no space needs reading. */
const NO_SPACES = { spaces: [] };

interface Loaded {
  request: AccessRequest;
  stored: StoredAccount | undefined;
  /** The person's revocations still running: the reactivation waits for them (see below). */
  waitFor: number;
  /** Whether the person has left again since the reactivation was raised. */
  leftAgain: boolean;
}

async function load(store: Store, requestId: string): Promise<Loaded | undefined> {
  return store.transaction(async (tx) => {
    const request = await tx.requests.get(requestId);
    if (request?.status !== 'pending' || request.kind !== 'reactivate') return undefined;
    const pending = await tx.requests.list({ beneficiaryId: request.beneficiaryId, status: ['pending'] });
    const identity = await tx.identities.get(request.beneficiaryId);
    return {
      request,
      stored: await tx.accounts.get(deactivatedAccountKey(request)),
      waitFor: pending.filter((r) => r.kind === 'revoke' || r.kind === 'deactivate').length,
      leftAgain: identity?.status !== 'active',
    };
  });
}

/**
 * Runs a reactivation request (a rehired person whose account Spacegate deactivated when they
 * left): once the person's revocations still running are done (so none of them takes away what
 * this puts back), reads the account and enables it only when it is disabled (`std:account:enable`),
 * taking its read-back as the verification. A swept account holds no Confluence group any more,
 * and the guardrail refuses every write to such an account: it first gets back what every account
 * Spacegate creates gets (adopted by its email into the connector's product group), nothing of
 * the access it held before. A refusal ends `failed` with Atlassian's reason, an action item.
 */
export async function reactivateAccount(
  deps: ReactivateDeps,
  job: Job,
  requestId: string,
): Promise<JobOutcome | undefined> {
  const { store, clock, connector } = deps;
  const loaded = await load(store, requestId);
  if (loaded === undefined) return undefined;
  const { request, stored, waitFor } = loaded;
  if (loaded.leftAgain) {
    return recordFailure(
      store,
      clock,
      job,
      { request },
      {
        reason: 'identity.leaver: the person has left again; the account stays as it is',
        retryable: false,
      },
    );
  }
  if (waitFor > 0) {
    return { status: 'deferred', reason: `waiting for ${waitFor} revocation(s) first`, delayMs: 500 };
  }
  const key = deactivatedAccountKey(request);
  let writes = 0;
  try {
    let account = await readAccount(connector, key, NO_SPACES);
    if (account === undefined) {
      account = await readopt(connector, key, stored);
      writes++;
    }
    if (account.disabled) {
      account = await connector.enableAccount(key);
      writes++;
      if (account.disabled) {
        throw new ConnectorError('unavailable', 'read-back still shows the account disabled', {
          retryable: true,
        });
      }
    }
    return recordReactivated(deps, job, request, { account, writes });
  } catch (error) {
    const failure = toConnectorError(error);
    const reason = `${failure.code}: ${failure.message}`;
    // The answer may have been lost after the write went through: a read tells.
    const observed = await readAccount(connector, key, NO_SPACES).catch(() => undefined);
    if (observed?.disabled === false) {
      return recordReactivated(deps, job, request, { account: observed, writes: 0, recovered: reason });
    }
    return recordFailure(store, clock, job, { request }, { reason, retryable: failure.retryable });
  }
}

/**
 * Gives an account without Confluence back the product group, the way fulfillment creates an
 * account: adopted by its email (and, on Data Center, its username), never another account.
 */
async function readopt(
  connector: Connector,
  key: string,
  stored: StoredAccount | undefined,
): Promise<AccountRecord> {
  if (stored === undefined) {
    throw new ConnectorError('not_found', `account ${key} is no longer known to Spacegate`);
  }
  const username = stored.attributes.username;
  const adopted = await connector.createAccount({
    identity: stored.email,
    attributes: { email: stored.email, ...(typeof username === 'string' ? { username } : {}) },
  });
  if (adopted.key !== key) {
    throw new ConnectorError(
      'conflict',
      `adopting ${stored.email} gave account ${adopted.key}, not the deactivated ${key}; reactivate it by hand`,
    );
  }
  return adopted;
}

/**
 * Records a verified reactivation once: the request moves pending to fulfilled, the stored account
 * follows the read-back, and two audit events say what was done (on the request) and why (on the
 * identity: the rehire's HR source, from the request's reason).
 */
async function recordReactivated(
  deps: ReactivateDeps,
  job: Job,
  request: AccessRequest,
  done: StatusChangeDone,
): Promise<JobOutcome> {
  await deps.store.transaction((tx) =>
    recordStatusChange(tx, deps.clock, job, request, done, 'account.reactivated'),
  );
  return { status: 'done' };
}
