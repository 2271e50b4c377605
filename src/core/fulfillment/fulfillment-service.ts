import {
  type AccountRecord,
  type Connector,
  ConnectorError,
  toConnectorError,
} from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { AccessRequest, Job, JobOutcome } from '../model.ts';
import type { AttributePolicy } from '../policy/attribute-policy.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { accessValues } from '../requests/request-rules.ts';
import { systemRevocation } from '../requests/system-revocation.ts';
import { pendingChanges } from './account-changes.ts';
import {
  type FulfillmentContext,
  loadContext,
  readAccount,
  recordDone,
  recordFailure,
} from './fulfillment-steps.ts';
import { modifyAccount } from './modify-account.ts';
import { readScopeFor } from './read-scope.ts';

/** Errors after which a revocation checks whether the account lost Confluence altogether (then nothing is held). */
const GONE: ReadonlySet<string> = new Set(['guardrail', 'not_found']);

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
    if (ctx === undefined) return { status: 'done' };
    const { request, item } = ctx;
    if (ctx.waitFor > 0) {
      return {
        status: 'deferred',
        reason: `waiting for ${ctx.waitFor} space revocation(s) first`,
        delayMs: 500,
      };
    }
    if (request.kind === 'grant' && ctx.identity.status === 'leaver') {
      return recordFailure(store, clock, job, request, {
        reason: 'identity.leaver: the beneficiary has left',
        retryable: false,
      });
    }
    const { attribute, kind, values } = accessValues(item, request.permissions);
    try {
      const scope = readScopeFor(item);
      let account =
        ctx.account === undefined ? undefined : await readAccount(connector, ctx.account.key, scope);
      if (account === undefined && request.kind === 'revoke')
        return recordDone(store, clock, ctx, undefined, 0, kind, values);
      account ??= await createAccount(ctx);
      const changes = pendingChanges(account, request.kind, attribute, values);
      if (changes.length > 0) await connector.updateAccount(account.key, changes);
      const after = await readAccount(connector, account.key, scope);
      if (after === undefined && request.kind === 'revoke')
        return recordDone(store, clock, ctx, undefined, changes.length, kind, values);
      if (after === undefined)
        throw new ConnectorError('not_found', `account ${account.key} vanished after the write`);
      const remaining = pendingChanges(after, request.kind, attribute, values);
      if (remaining.length > 0) {
        throw new ConnectorError(
          'unavailable',
          `read-back still shows ${remaining.map((c) => `${c.op} ${String(c.value)}`).join(', ')}`,
        );
      }
      return recordDone(store, clock, ctx, after, changes.length, kind, values);
    } catch (error) {
      const failure = toConnectorError(error);
      if (request.kind === 'revoke' && ctx.account !== undefined && GONE.has(failure.code)) {
        const now = await readAccount(connector, ctx.account.key, readScopeFor(item)).catch(() => null);
        if (now === undefined) return recordDone(store, clock, ctx, undefined, 0, kind, values);
      }
      return recordFailure(store, clock, job, request, {
        reason: `${failure.code}: ${failure.message}`,
        retryable: failure.retryable,
      });
    }
  };

  return {
    async handle(job) {
      if (job.payload.kind === 'modify') return modifyAccount({ store, clock, connector }, job, job.payload);
      const { requestId } = job.payload;
      try {
        return await fulfil(job, requestId);
      } catch (error) {
        // Anything unexpected (the store, a bug) is retried too; on the last attempt the request fails
        // with the reason instead of staying pending with no job left to finish it.
        const request = await store.transaction((tx) => tx.requests.get(requestId));
        if (request === undefined) throw error;
        const reason = `internal: ${error instanceof Error ? error.message : String(error)}`;
        return recordFailure(store, clock, job, request, { reason, retryable: true });
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
              ['fulfilled'],
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
