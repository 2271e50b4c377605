import { type Connector, toConnectorError } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import type { Job, JobOutcome } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { attributeSets } from './account-changes.ts';
import { readAccount } from './fulfillment-steps.ts';

/**
 * Runs a modify job (the attribute policy's modify rules after an HR change): reads the account,
 * sets only the attributes that differ, and audits what it set. A vanished account is nothing to do.
 */
export async function modifyAccount(
  deps: { store: Store; clock: Clock; connector: Connector },
  job: Job,
  payload: Extract<Job['payload'], { kind: 'modify' }>,
): Promise<JobOutcome> {
  const { store, clock, connector } = deps;
  try {
    // Modify rules touch profile attributes only: no space needs reading.
    const account = await readAccount(connector, payload.accountKey, { spaces: [] });
    if (account === undefined) return { status: 'done' };
    const wanted = Object.fromEntries(payload.changes.map((c) => [c.attribute, c.value]));
    const sets = attributeSets(account, wanted);
    if (sets.length > 0) await connector.updateAccount(account.key, sets);
    await store.transaction((tx) =>
      recordEvent(tx, clock, {
        actor: SYSTEM_ACTOR,
        type: 'account.modified',
        subject: `identity:${payload.identityId}`,
        data: { accountKey: account.key, changes: sets },
      }),
    );
    return { status: 'done' };
  } catch (error) {
    const e = toConnectorError(error);
    return {
      status: 'failed',
      error: `${e.code}: ${e.message}`,
      retryable: e.retryable && job.attempt < job.maxAttempts,
    };
  }
}
