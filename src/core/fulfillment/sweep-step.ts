import type { AccountRecord, Connector } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { parseCatalogItemId } from '../catalog/catalog-item-id.ts';
import { SWEEP_REASON, sweepLeaver, sweptSince } from '../lifecycle/leaver-sweep.ts';
import type { Job, JobOutcome } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { type FulfillmentContext, isLeaverGroupRevocation, readAccount } from './fulfillment-steps.ts';

/** What the sweep needs: the store, the clock and ids for new revocations, and the connector to read with. */
export interface SweepDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  connector: Connector;
}

/** The leaver's first pending group revocation (by id): the one that sweeps, so the account is read once. */
async function sweeperOf(store: Store, ctx: FulfillmentContext): Promise<string | undefined> {
  const pending = await store.transaction((tx) =>
    tx.requests.list({ beneficiaryId: ctx.identity.id, status: ['pending'] }),
  );
  const groups = pending.filter(
    (r) =>
      r.kind === 'revoke' && r.requesterId === SYSTEM_ACTOR && parseCatalogItemId(r.itemId).type === 'group',
  );
  return groups.map((r) => r.id).sort()[0];
}

/**
 * Before a leaver's groups go, reads the account across every space once (one of their group
 * revocations does; the others wait for it) and raises revocations for what the store did not know
 * of, which then run before any group. Undefined: go on with the removal. A read that keeps failing
 * is recorded as a sweep that could not be done, so no group waits for ever.
 */
export async function sweepStep(
  deps: SweepDeps,
  job: Job,
  ctx: FulfillmentContext,
): Promise<JobOutcome | undefined> {
  const { store, clock, connector } = deps;
  if (!isLeaverGroupRevocation(ctx) || ctx.account === undefined) return undefined;
  if (ctx.request.justification === SWEEP_REASON) return undefined;
  if (await sweptSince(store, ctx.identity.id, ctx.request.createdAt)) return undefined;
  if ((await sweeperOf(store, ctx)) !== ctx.request.id) {
    return { status: 'deferred', reason: 'waiting for the sweep of every space', delayMs: 500 };
  }
  let account: AccountRecord | undefined;
  try {
    account = await readAccount(connector, ctx.account.key);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (job.attempt < job.maxAttempts)
      return { status: 'failed', error: `sweep: ${reason}`, retryable: true };
    await store.transaction((tx) =>
      recordEvent(tx, clock, {
        actor: SYSTEM_ACTOR,
        type: 'identity.swept',
        subject: `identity:${ctx.identity.id}`,
        data: { accountKey: ctx.account?.key ?? null, error: reason },
      }),
    );
    return undefined;
  }
  if (account === undefined) return undefined;
  const raised = await sweepLeaver(store, deps, ctx.identity.id, account);
  if (raised.length === 0) return undefined;
  return { status: 'deferred', reason: `swept: ${raised.length} space revocation(s) first`, delayMs: 500 };
}
