import { type PermissionOptionId, parseSpacePermissionValue } from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { catalogItemId } from '../catalog/catalog-service.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import type { AccessRequest, AccountKind } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import { openKeyOf } from './open-key.ts';
import { queueFulfillment } from './queue-fulfillment.ts';

/**
 * Creates a revocation (or, with `kind: 'deactivate'` or `'reactivate'`, a change of the account's
 * status) that Spacegate approves itself (a leaver, an expiry, a rehire) and queues its fulfillment, so removal goes
 * through the same path as any revocation. Returns undefined when an open request of that kind
 * for the same item already exists.
 */
export async function systemRevocation(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  input: {
    beneficiaryId: string;
    itemId: string;
    permissions: PermissionOptionId[];
    reason: string;
    kind?: 'revoke' | AccountKind;
  },
): Promise<AccessRequest | undefined> {
  const kind = input.kind ?? 'revoke';
  const openKey = openKeyOf({ beneficiaryId: input.beneficiaryId, itemId: input.itemId, kind });
  if ((await tx.requests.findOpen(openKey)) !== undefined) return undefined;
  const now = deps.clock.now().toISOString();
  const request: AccessRequest = {
    id: deps.ids.next('req'),
    kind,
    requesterId: SYSTEM_ACTOR,
    beneficiaryId: input.beneficiaryId,
    itemId: input.itemId,
    permissions: input.permissions,
    justification: input.reason,
    endDate: null,
    status: 'awaiting_approval',
    workflow: 'system',
    stages: [],
    currentStage: 0,
    failureReason: null,
    outcome: null,
    createdAt: now,
    updatedAt: now,
  };
  await tx.requests.insert(request, openKey);
  const { stages: _stages, ...summary } = request;
  await recordEvent(tx, deps.clock, {
    actor: SYSTEM_ACTOR,
    type: 'request.created',
    subject: `request:${request.id}`,
    data: { ...summary },
  });
  await queueFulfillment(tx, deps.clock, request, { actor: SYSTEM_ACTOR, reason: input.reason });
  return { ...request, status: 'pending' };
}

/**
 * Deprovisions a leaver: cancels their open requests and revokes, through revocation requests,
 * every group and space permission their account holds directly.
 */
export async function deprovisionIdentity(
  tx: StoreTx,
  deps: { clock: Clock; ids: Ids },
  identityId: string,
  reason: string,
): Promise<AccessRequest[]> {
  const now = deps.clock.now().toISOString();
  for (const open of await tx.requests.list({ beneficiaryId: identityId, status: ['awaiting_approval'] })) {
    await tx.requests.transition(
      open.id,
      ['awaiting_approval'],
      { status: 'cancelled', updatedAt: now },
      null,
    );
    await recordEvent(tx, deps.clock, {
      actor: SYSTEM_ACTOR,
      type: 'request.cancelled',
      subject: `request:${open.id}`,
      data: { reason },
    });
  }
  const account = await tx.accounts.getByIdentity(identityId);
  if (account === undefined) return [];
  const bySpace = new Map<string, PermissionOptionId[]>();
  const revocations: AccessRequest[] = [];
  for (const held of await tx.assignments.listByAccount(account.key)) {
    if (held.kind === 'group') {
      const r = await systemRevocation(tx, deps, {
        beneficiaryId: identityId,
        itemId: catalogItemId('group', held.value),
        permissions: [],
        reason,
      });
      if (r !== undefined) revocations.push(r);
      continue;
    }
    const parsed = parseSpacePermissionValue(held.value);
    if (parsed !== undefined)
      bySpace.set(parsed.spaceKey, [...(bySpace.get(parsed.spaceKey) ?? []), parsed.option.id]);
  }
  for (const [spaceKey, held] of bySpace) {
    const manageable = await manageableOptions(tx, spaceKey);
    const permissions = held.filter((option) => manageable.has(option));
    if (permissions.length === 0) continue;
    const r = await systemRevocation(tx, deps, {
      beneficiaryId: identityId,
      itemId: catalogItemId('space', spaceKey),
      permissions,
      reason,
    });
    if (r !== undefined) revocations.push(r);
  }
  return revocations;
}
