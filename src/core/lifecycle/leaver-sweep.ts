import {
  type AccountRecord,
  type PermissionOptionId,
  parseSpacePermissionValue,
} from '../../connector/index.ts';
import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { catalogItemId } from '../catalog/catalog-service.ts';
import { manageableOptions } from '../catalog/space-options.ts';
import type { AccessRequest } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import { systemRevocation } from './system-revocation.ts';

/** Why the sweep's revocations were raised; a group revocation with this reason never sweeps again. */
export const SWEEP_REASON = 'leaver: access found in Confluence when sweeping the account';

/** Whether the leaver's account was already swept during this deprovisioning (since `since`). */
export async function sweptSince(store: Store, identityId: string, since: string): Promise<boolean> {
  const page = await store.transaction((tx) =>
    tx.audit.page({ limit: 1, subject: `identity:${identityId}`, type: 'identity.swept', since }),
  );
  return page.items.length > 0;
}

/**
 * Raises revocations for everything a leaver's account holds as Confluence reads it now (every
 * space, so also permissions given in Confluence directly and never aggregated), beyond what is
 * already being revoked; records the sweep. Returns the space revocations raised, which must run
 * before any group goes (the last Confluence group ends the right to write to the account).
 */
export async function sweepLeaver(
  store: Store,
  deps: { clock: Clock; ids: Ids },
  identityId: string,
  account: AccountRecord,
): Promise<AccessRequest[]> {
  const reason = SWEEP_REASON;
  return store.transaction(async (tx) => {
    const bySpace = new Map<string, PermissionOptionId[]>();
    for (const value of account.attributes.spacePermissions) {
      const parsed = parseSpacePermissionValue(value);
      if (parsed !== undefined) {
        bySpace.set(parsed.spaceKey, [...(bySpace.get(parsed.spaceKey) ?? []), parsed.option.id]);
      }
    }
    const spaces: AccessRequest[] = [];
    for (const [spaceKey, held] of bySpace) {
      const itemId = catalogItemId('space', spaceKey);
      if ((await tx.catalog.get(itemId)) === undefined) continue;
      const manageable = await manageableOptions(tx, spaceKey);
      const permissions = held.filter((option) => manageable.has(option));
      if (permissions.length === 0) continue;
      const r = await systemRevocation(tx, deps, { beneficiaryId: identityId, itemId, permissions, reason });
      if (r !== undefined) spaces.push(r);
    }
    const groups: AccessRequest[] = [];
    for (const groupId of account.attributes.groups) {
      const itemId = catalogItemId('group', groupId);
      if ((await tx.catalog.get(itemId)) === undefined) continue;
      const r = await systemRevocation(tx, deps, {
        beneficiaryId: identityId,
        itemId,
        permissions: [],
        reason,
      });
      if (r !== undefined) groups.push(r);
    }
    await recordEvent(tx, deps.clock, {
      actor: SYSTEM_ACTOR,
      type: 'identity.swept',
      subject: `identity:${identityId}`,
      data: {
        accountKey: account.key,
        spacesHeld: [...bySpace.keys()],
        groupsHeld: account.attributes.groups,
        raised: [...spaces, ...groups].map((r) => r.id),
      },
    });
    return spaces;
  });
}
