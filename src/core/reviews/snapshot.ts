import { parseSpacePermissionValue } from '../../connector/index.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import {
  catalogOf,
  createItemWriter,
  type Holding,
  holdingItemId,
  type ItemWriter,
  type Written,
} from './item-writer.ts';
import type { ReviewCampaign, ReviewScope } from './review-model.ts';

/**
 * How much a launch reads per query (assignment rows per window; groups, spaces and members per
 * page), and the most items one campaign may have: past it the launch is refused and rolled back.
 */
export interface LaunchLimits {
  windowRows: number;
  groups: number;
  spaces: number;
  members: number;
  maxItems: number;
}

/** The last account of a window is read whole, so a window can run past `windowRows` by one account's rows. */
export const LAUNCH_LIMITS: LaunchLimits = {
  windowRows: 2000,
  groups: 100,
  spaces: 500,
  members: 1000,
  maxItems: 1_000_000,
};

/** Options per space of `SPACEKEY:option` values, in their order; malformed or unknown values are skipped. */
function bySpace(values: ReadonlyArray<string>): Map<string, string[]> {
  const spaces = new Map<string, string[]>();
  for (const value of values) {
    const parsed = parseSpacePermissionValue(value);
    if (parsed !== undefined)
      spaces.set(parsed.spaceKey, [...(spaces.get(parsed.spaceKey) ?? []), parsed.option.id]);
  }
  return spaces;
}

/** The keys a named scope keeps for this kind of access (empty: all), or null when it keeps none. */
function scopeKeys(scope: ReviewScope, type: 'group' | 'space'): ReadonlyArray<string> | null {
  const named = scope.spaces.length > 0 || scope.groups.length > 0;
  const keys = type === 'group' ? scope.groups : scope.spaces;
  return named && keys.length === 0 ? null : keys;
}

/** Groups and space options held directly, a window of accounts at a time, with the request that granted each. */
async function heldDirectly(
  tx: StoreTx,
  scope: ReviewScope,
  kind: 'group' | 'space',
  write: ItemWriter,
  limits: LaunchLimits,
) {
  const keys = scopeKeys(scope, kind);
  if (keys === null) return;
  let after: string | undefined;
  do {
    const page = await tx.reviews.heldDirectly({
      kind,
      keys,
      departments: scope.departments,
      after,
      limit: limits.windowRows,
    });
    const holdings = page.items.flatMap((held): Holding[] =>
      kind === 'group'
        ? [{ holder: held.holder, type: kind, key: held.key, permissions: [], via: null }]
        : [...bySpace(held.values)].map(([key, options]) => ({
            holder: held.holder,
            type: kind,
            key,
            permissions: options,
            via: null,
          })),
    );
    await write.prime(page.items.map((held) => held.holder));
    const catalog = await catalogOf(tx, holdings.map(holdingItemId));
    const grants = new Map<string, { at: string; id: string }>();
    for (const g of await tx.reviews.latestGrants(holdings.map((h) => h.holder.identity.id)))
      grants.set(`${g.identityId} ${g.itemId}`, { at: g.at, id: g.requestId });
    for (const h of holdings) {
      const item = catalog.get(holdingItemId(h));
      if (item !== undefined) await write.add(h, item, grants.get(`${h.holder.identity.id} ${item.id}`));
    }
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
}

/** One group's space options for each of its members: a page of its spaces against pages of its members. */
async function throughGroup(
  tx: StoreTx,
  scope: ReviewScope,
  group: { key: string; name: string },
  write: ItemWriter,
  limits: LaunchLimits,
) {
  let spacesAfter: string | undefined;
  do {
    const spaces = await tx.reviews.groupSpaces({
      groupKey: group.key,
      spaces: scope.spaces,
      after: spacesAfter,
      limit: limits.spaces,
    });
    const held = spaces.items.flatMap((s) => [...bySpace(s.values)]);
    spacesAfter = spaces.nextCursor ?? undefined;
    if (held.length === 0) continue;
    const catalog = await catalogOf(
      tx,
      held.map(([key]) => holdingItemId({ type: 'space', key })),
    );
    let membersAfter: string | undefined;
    do {
      const members = await tx.reviews.groupHolders({
        groupKey: group.key,
        departments: scope.departments,
        after: membersAfter,
        limit: limits.members,
      });
      await write.prime(members.items);
      for (const holder of members.items)
        for (const [key, permissions] of held) {
          const item = catalog.get(holdingItemId({ type: 'space', key }));
          if (item !== undefined)
            await write.add({ holder, type: 'space', key, permissions, via: group }, item);
        }
      membersAfter = members.nextCursor ?? undefined;
    } while (membersAfter !== undefined);
  } while (spacesAfter !== undefined);
}

/** Space options held through groups, group by group. */
async function throughGroups(tx: StoreTx, scope: ReviewScope, write: ItemWriter, limits: LaunchLimits) {
  if (scopeKeys(scope, 'space') === null) return;
  let after: string | undefined;
  do {
    const groups = await tx.reviews.groupsWithSpaces({ after, limit: limits.groups });
    for (const group of groups.items) await throughGroup(tx, scope, group, write, limits);
    after = groups.nextCursor ?? undefined;
  } while (after !== undefined);
}

/**
 * Freezes the campaign's items at launch, inside the caller's transaction: each correlated
 * account's groups, its direct options per space and the options it holds in a space through each
 * group, with when and through which request it was granted, its risk, the account's last activity
 * and its reviewer. The site is read in windows and pages and the items written in batches as they
 * are made, so neither the scope nor a group's space permissions are ever held whole.
 */
export async function snapshotItems(
  tx: StoreTx,
  ids: Ids,
  campaign: ReviewCampaign,
  limits: LaunchLimits = LAUNCH_LIMITS,
): Promise<Written> {
  const write = createItemWriter(tx, ids, campaign, limits.maxItems);
  await heldDirectly(tx, campaign.scope, 'group', write, limits);
  await throughGroups(tx, campaign.scope, write, limits);
  await heldDirectly(tx, campaign.scope, 'space', write, limits);
  return write.done();
}
