import { type PermissionOptionId, parseSpacePermissionValue } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { catalogItemId } from '../catalog/catalog-service.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import { systemRevocation } from '../lifecycle/system-revocation.ts';
import type { DriftPolicy } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { DriftEvent } from '../ports/drift-store.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';

/** The reason every drift revocation carries (its justification and the audit events). */
export const DRIFT_REASON = 'drift';

/** One revocation a revert creates: a person's findings on one catalog item. */
export interface RevertTarget {
  beneficiaryId: string;
  itemId: string;
  permissions: PermissionOptionId[];
  events: DriftEvent[];
}

/** Groups findings into one revocation per person and catalog item (what Spacegate may manage only). */
export async function targetsOf(tx: StoreTx, events: DriftEvent[]): Promise<RevertTarget[]> {
  const targets = new Map<string, RevertTarget>();
  for (const event of events) {
    if (event.identityId === null) continue;
    let itemId = catalogItemId('group', event.value);
    let option: PermissionOptionId | undefined;
    if (event.entitlementKind === 'space') {
      const parsed = parseSpacePermissionValue(event.value);
      if (parsed === undefined || !(await manageableOptions(tx, parsed.spaceKey)).has(parsed.option.id))
        continue;
      itemId = catalogItemId('space', parsed.spaceKey);
      option = parsed.option.id;
    }
    const key = `${event.identityId}|${itemId}`;
    const target = targets.get(key) ?? {
      beneficiaryId: event.identityId,
      itemId,
      permissions: [],
      events: [],
    };
    if (option !== undefined && !target.permissions.includes(option)) target.permissions.push(option);
    target.events.push(event);
    targets.set(key, target);
  }
  return [...targets.values()];
}

/**
 * After a run's commit, on its transaction: audits what the run found and, where the catalog
 * item's policy (or the default) says revert, creates a revocation with drift as its reason, so
 * the removal goes through the normal path (the queue, fulfillment, read-back, audit).
 */
export async function actOnDrift(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids; defaultPolicy: DriftPolicy },
  runId: string,
): Promise<{ found: number; reverted: number }> {
  const found = await tx.drift.page({ limit: 1, runId, withTotal: true });
  const total = found.total ?? 0;
  if (total === 0) return { found: 0, reverted: 0 };
  let reverted = 0;
  for (const target of await targetsOf(tx, await tx.drift.revertable(runId))) {
    const item = await tx.catalog.get(target.itemId);
    if (item === undefined || (item.driftPolicy ?? deps.defaultPolicy) !== 'revert') continue;
    const request = await systemRevocation(tx, deps, {
      beneficiaryId: target.beneficiaryId,
      itemId: target.itemId,
      permissions: target.permissions,
      reason: DRIFT_REASON,
    });
    if (request === undefined) continue;
    reverted += 1;
    const at = deps.clock.now().toISOString();
    for (const event of target.events)
      await tx.drift.close(event.id, {
        state: 'reverted',
        by: SYSTEM_ACTOR,
        at,
        note: 'the drift policy says revert',
        requestId: request.id,
      });
    await recordEvent(tx, deps.clock, {
      actor: SYSTEM_ACTOR,
      type: 'drift.reverted',
      subject: `request:${request.id}`,
      data: {
        runId,
        itemId: target.itemId,
        beneficiaryId: target.beneficiaryId,
        reason: DRIFT_REASON,
        drift: target.events.map((e) => e.id),
      },
    });
  }
  await recordEvent(tx, deps.clock, {
    actor: SYSTEM_ACTOR,
    type: 'drift.detected',
    subject: 'aggregation',
    data: { runId, found: total, reverted },
  });
  return { found: total, reverted };
}
