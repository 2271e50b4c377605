import type { AccountRecord, Connector } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { systemRevocation } from '../lifecycle/system-revocation.ts';
import type { AccessRequest, Job, JobOutcome } from '../model.ts';
import type { AttributePolicy } from '../policy/attribute-policy.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { deactivateAccount } from './deactivate-account.ts';
import { fulfilRequest } from './fulfil-request.ts';
import { type FulfillmentContext, loadContext, recordFailure } from './fulfillment-steps.ts';
import { modifyAccount } from './modify-account.ts';
import { reactivateAccount } from './reactivate-account.ts';
import { sweepStep } from './sweep-step.ts';

/** Dependencies of fulfillment: the connector that writes, and the attribute policy for new accounts. */
export interface FulfillmentDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  connector: Connector;
  attributePolicy?: () => AttributePolicy | undefined;
}

/** Runs fulfillment jobs and expires time-bound access. */
export interface FulfillmentService {
  /** The queue's job handler: reads back, writes only what is missing, verifies, records. */
  handle(job: Job): Promise<JobOutcome>;
  /** Turns every fulfilled grant past its end date into a system revocation. */
  expireAccess(): Promise<AccessRequest[]>;
}

/** Creates the fulfillment service. */
export function createFulfillmentService(deps: FulfillmentDeps): FulfillmentService {
  const { store, clock, connector } = deps;

  const createAccount = async (ctx: FulfillmentContext): Promise<AccountRecord> => {
    const { identity } = ctx;
    const attributes = {
      email: identity.email,
      firstName: identity.firstName,
      lastName: identity.lastName,
      displayName: `${identity.firstName} ${identity.lastName}`,
      ...(deps.attributePolicy?.()?.attributesFor(identity, 'create') ?? {}),
    };
    const account = await connector.createAccount({ identity: identity.email, attributes });
    await store.transaction(async (tx) => {
      await tx.accounts.upsert({
        key: account.key,
        email: account.attributes.email,
        identityId: identity.id,
        displayName: account.attributes.displayName,
        disabled: account.disabled,
        attributes: { ...account.attributes },
        aggregatedAt: clock.now().toISOString(),
      });
      await recordEvent(tx, clock, {
        actor: SYSTEM_ACTOR,
        type: 'account.created',
        subject: `identity:${identity.id}`,
        data: { accountKey: account.key, attributes },
      });
    });
    return account;
  };

  const fulfil = async (job: Job, requestId: string): Promise<JobOutcome> => {
    const ctx = await loadContext(store, requestId);
    // Not a pending request for access: a pending deactivation or reactivation runs on its own path,
    // anything else is done.
    if (ctx === undefined) {
      const account = { store, clock, ids: deps.ids, connector };
      return (await reactivateAccount(account, job, requestId)) ?? deactivateAccount(account, job, requestId);
    }
    if (ctx.waitFor > 0) {
      return {
        status: 'deferred',
        reason: `waiting for ${ctx.waitFor} space revocation(s) first`,
        delayMs: 500,
      };
    }
    const swept = await sweepStep({ store, clock, ids: deps.ids, connector }, job, ctx);
    if (swept !== undefined) return swept;
    if (ctx.request.kind === 'grant' && ctx.identity.status === 'leaver') {
      return recordFailure(store, clock, job, ctx, {
        reason: 'identity.leaver: the beneficiary has left',
        retryable: false,
      });
    }
    return fulfilRequest({ store, clock, connector, createAccount }, job, ctx);
  };

  return {
    async handle(job) {
      if (job.payload.kind === 'modify') return modifyAccount({ store, clock, connector }, job, job.payload);
      if (job.payload.kind === 'notification')
        return { status: 'failed', error: 'a notification job reached fulfillment', retryable: false };
      const { requestId } = job.payload;
      try {
        return await fulfil(job, requestId);
      } catch (error) {
        // Anything unexpected (the store, a bug) is retried too; on the last attempt the request fails
        // with the reason instead of staying pending with no job left to finish it.
        const request = await store.transaction((tx) => tx.requests.get(requestId));
        if (request === undefined) throw error;
        const reason = `internal: ${error instanceof Error ? error.message : String(error)}`;
        return recordFailure(store, clock, job, { request }, { reason, retryable: true });
      }
    },
    expireAccess: () =>
      store.transaction(async (tx) => {
        const now = clock.now().toISOString();
        const revocations: AccessRequest[] = [];
        for (const grant of await tx.requests.listExpired(now)) {
          if (
            !(await tx.requests.transition(
              grant.id,
              ['fulfilled', 'partially_fulfilled'],
              { status: 'expired', updatedAt: now },
              null,
            ))
          )
            continue;
          await recordEvent(tx, clock, {
            actor: SYSTEM_ACTOR,
            type: 'access.expired',
            subject: `request:${grant.id}`,
            data: { endDate: grant.endDate },
          });
          const revocation = await systemRevocation(tx, deps, {
            beneficiaryId: grant.beneficiaryId,
            itemId: grant.itemId,
            permissions: grant.permissions,
            reason: `time-bound access from ${grant.id} ended ${grant.endDate}`,
          });
          if (revocation !== undefined) revocations.push(revocation);
        }
        return revocations;
      }),
  };
}
