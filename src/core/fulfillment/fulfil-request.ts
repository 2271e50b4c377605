import {
  type AccountRecord,
  type Connector,
  ConnectorError,
  type ReadOptions,
  toConnectorError,
} from '../../connector/index.ts';
import { accessValues } from '../lifecycle/access-values.ts';
import type { Job, JobOutcome } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { type AccessAttribute, pendingChanges } from './account-changes.ts';
import {
  type FulfillmentContext,
  type FulfillmentGoal,
  readAccount,
  recordDone,
  recordFailure,
} from './fulfillment-steps.ts';
import { readScopeFor } from './read-scope.ts';

/** What fulfilling one request needs: the store, the clock, the connector, and how to create a missing account. */
export interface FulfilDeps {
  store: Store;
  clock: Clock;
  connector: Connector;
  createAccount(ctx: FulfillmentContext): Promise<AccountRecord>;
}

interface Attempt {
  ctx: FulfillmentContext;
  attribute: AccessAttribute;
  goal: FulfillmentGoal;
  scope: ReadOptions;
  /** The account the attempt works on, once known (created by this attempt, perhaps). */
  key: string | undefined;
  /** Whether a write was sent, so its outcome may be unknown when its answer is lost. */
  wrote: boolean;
}

/**
 * Carries out a pending request with one attempt: hands the goal to the connector, which writes only
 * what is missing, and takes the read-back it returns as the verification. On any failure it reads the
 * account again before deciding (see `settle`), so a write whose answer was lost is never reported
 * as a failure while the access is in place.
 */
export async function fulfilRequest(
  deps: FulfilDeps,
  job: Job,
  ctx: FulfillmentContext,
): Promise<JobOutcome> {
  const { request, item } = ctx;
  const { attribute, kind, values } = accessValues(item, request.permissions);
  const attempt: Attempt = {
    ctx,
    attribute,
    goal: { kind, values },
    scope: readScopeFor(item),
    key: ctx.account?.key,
    wrote: false,
  };
  try {
    const written = attempt.key === undefined ? undefined : await writeToKnown(deps, attempt, request.kind);
    if (written === undefined && request.kind === 'revoke')
      return recordDone(deps.store, deps.clock, ctx, {
        account: undefined,
        writes: 0,
        goal: attempt.goal,
        attempt: job.attempt,
      });
    let after: AccountRecord;
    let writes: number;
    if (written === undefined) {
      // No account on the site yet (or it lost Confluence): create or adopt it, then write what it lacks.
      const account = await deps.createAccount(ctx);
      attempt.key = account.key;
      const changes = pendingChanges(account, request.kind, attribute, values);
      after = account;
      if (changes.length > 0) {
        attempt.wrote = true;
        after = (await deps.connector.updateAccount(account.key, changes)).account;
      }
      writes = changes.length;
    } else {
      ({ account: after, writes } = written);
    }
    const remaining = pendingChanges(after, request.kind, attribute, values);
    if (remaining.length > 0) {
      const left = remaining.map((c) => `${c.op} ${String(c.value)}`).join(', ');
      throw new ConnectorError('unavailable', `read-back still shows ${left} to do`, { retryable: true });
    }
    return recordDone(deps.store, deps.clock, ctx, {
      account: after,
      writes,
      goal: attempt.goal,
      attempt: job.attempt,
    });
  } catch (error) {
    return settle(deps, job, attempt, error);
  }
}

/**
 * Sends the whole goal to an account the site already has: the connector passes the guardrail,
 * reads what is held, writes only what differs and returns its read-back, so no read of our own
 * comes first. When the guardrail or a missing account refuses, a read tells the two apart:
 * `undefined` says the site has no Confluence account by that key (a grant creates one, a
 * revocation is done).
 */
async function writeToKnown(
  deps: FulfilDeps,
  attempt: Attempt,
  kind: 'grant' | 'revoke',
): Promise<{ account: AccountRecord; writes: number } | undefined> {
  const key = attempt.key ?? '';
  const changes = attempt.goal.values.map((value) => ({
    op: kind === 'grant' ? ('Add' as const) : ('Remove' as const),
    attribute: attempt.attribute,
    value,
  }));
  try {
    attempt.wrote = true;
    const result = await deps.connector.updateAccount(key, changes);
    return { account: result.account, writes: result.writes ?? (result.changed ? changes.length : 0) };
  } catch (error) {
    const code = toConnectorError(error).code;
    if (code !== 'guardrail' && code !== 'not_found') throw error;
    // The guardrail refuses before any write; a `not_found` may come after some were sent.
    if (code === 'guardrail') attempt.wrote = false;
    if ((await readAccount(deps.connector, key, attempt.scope)) !== undefined) throw error;
    return undefined;
  }
}

/**
 * Decides a failed attempt from what is in place, read again: the goal reached is fulfilled (the
 * write went through, only its answer was lost); an account gone is a revocation done; otherwise
 * the attempt fails with what is applied and what is missing, so the retry writes only the rest and
 * the last attempt ends `partially_fulfilled` or `failed` with nothing changed. When the read fails
 * too after a write was sent, the outcome is recorded as unknown, never as nothing granted.
 */
async function settle(deps: FulfilDeps, job: Job, attempt: Attempt, error: unknown): Promise<JobOutcome> {
  const { store, clock, connector } = deps;
  const { ctx, goal } = attempt;
  const failure = toConnectorError(error);
  const reason = `${failure.code}: ${failure.message}`;
  const base = { reason, retryable: failure.retryable };
  if (attempt.key === undefined) return recordFailure(store, clock, job, ctx, base);
  let observed: AccountRecord | undefined;
  try {
    observed = await readAccount(connector, attempt.key, attempt.scope);
  } catch {
    if (!attempt.wrote) return recordFailure(store, clock, job, ctx, base);
    return recordFailure(store, clock, job, ctx, {
      ...base,
      outcome: { applied: [], missing: [], verified: false },
    });
  }
  if (observed === undefined) {
    if (ctx.request.kind === 'revoke')
      return recordDone(store, clock, ctx, {
        account: undefined,
        writes: 0,
        goal,
        recovered: reason,
        attempt: job.attempt,
      });
    return recordFailure(store, clock, job, ctx, base);
  }
  const remaining = new Set(
    pendingChanges(observed, ctx.request.kind, attempt.attribute, goal.values).map((c) => String(c.value)),
  );
  if (remaining.size === 0) {
    return recordDone(store, clock, ctx, {
      account: observed,
      writes: 0,
      goal,
      recovered: reason,
      attempt: job.attempt,
    });
  }
  const outcome = {
    applied: goal.values.filter((v) => !remaining.has(v)),
    missing: goal.values.filter((v) => remaining.has(v)),
    verified: true,
  };
  return recordFailure(store, clock, job, ctx, { ...base, observed, outcome });
}
