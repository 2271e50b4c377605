import {
  ConnectorError,
  type PermissionOptionId,
  parseSpacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import type { SetChange } from '../kit/change-plan.ts';
import { mapConcurrent } from '../kit/concurrent.ts';
import { directSpacePermissions, heldBy } from './account-lookup.ts';
import type { DcContext } from './context.ts';
import { dcPermission } from './permission-names.ts';
import { grantToUser, revokeFromUser, scanSpaces, spaceByKey, spaceRows } from './spaces-api.ts';
import type { DcPerson } from './users-api.ts';

/** What to write in one space. */
export interface DcSpaceStep {
  grant: PermissionOptionId[];
  revoke: PermissionOptionId[];
}

/**
 * The rules of the space permissions screen for one space: granting anything without View grants
 * View first; revoking View revokes everything held (Data Center does not document that the
 * APIs cascade, so every held option is named); nothing held is granted again.
 */
export function dcSpaceStep(
  held: ReadonlySet<PermissionOptionId>,
  add: readonly PermissionOptionId[],
  remove: readonly PermissionOptionId[],
): DcSpaceStep {
  const removing = new Set(remove.filter((option) => held.has(option)));
  if (removing.has('view')) {
    if (add.some((option) => option !== 'view'))
      throw new ConnectorError('invalid_input', 'cannot grant options while revoking View in the same space');
    return { grant: [], revoke: [...held].sort((a, b) => (a === 'view' ? 1 : b === 'view' ? -1 : 0)) };
  }
  const grant = [...new Set(add.filter((option) => !held.has(option) && !removing.has(option)))];
  if (grant.length > 0 && !held.has('view') && !grant.includes('view')) grant.unshift('view');
  grant.sort((a, b) => (a === 'view' ? -1 : b === 'view' ? 1 : 0));
  return { grant, revoke: [...removing] };
}

/**
 * Applies space-permission changes for one user, spaces concurrently, reading each space's rows
 * first so only the difference is written; returns the number of write calls.
 */
export async function applySpaceChanges(
  ctx: DcContext,
  person: DcPerson,
  change: SetChange<string>,
): Promise<number> {
  let { add, remove } = change;
  if (change.set !== undefined) {
    const current = new Set(await directSpacePermissions(ctx, person, true));
    const target = new Set(change.set);
    add = [...add, ...[...target].filter((value) => !current.has(value))];
    remove = [
      ...remove,
      ...[...current].filter((value) => {
        const option = parseSpacePermissionValue(value)?.option;
        return !target.has(value) && option !== undefined && dcPermission(option.id) !== undefined;
      }),
    ];
  }
  const bySpace = new Map<string, { add: PermissionOptionId[]; remove: PermissionOptionId[] }>();
  for (const [values, side] of [
    [add, 'add'],
    [remove, 'remove'],
  ] as const) {
    for (const value of values) {
      const parsed = parseSpacePermissionValue(value);
      if (parsed === undefined) throw new ConnectorError('invalid_input', `${value} is not SPACEKEY:option`);
      const entry = bySpace.get(parsed.spaceKey) ?? { add: [], remove: [] };
      entry[side].push(parsed.option.id);
      bySpace.set(parsed.spaceKey, entry);
    }
  }
  let writes = 0;
  for await (const outcome of mapConcurrent(bySpace, ctx.config.concurrency, async ([spaceKey, wanted]) => {
    const space = await spaceByKey(ctx, spaceKey);
    const step = dcSpaceStep(heldBy(await spaceRows(ctx, space.key), person), wanted.add, wanted.remove);
    return writeStep(ctx, space.key, person, step);
  })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    writes += outcome.value;
  }
  return writes;
}

async function writeStep(
  ctx: DcContext,
  spaceKey: string,
  person: DcPerson,
  step: DcSpaceStep,
): Promise<number> {
  let writes = 0;
  if (step.revoke.length > 0) {
    await revokeFromUser(ctx, spaceKey, person, step.revoke);
    writes++;
  }
  if (step.grant.length > 0) {
    await grantToUser(ctx, spaceKey, person, step.grant);
    writes++;
  }
  return writes;
}

/** Removes every permission the user holds directly in any space (personal spaces included). */
export async function sweepSpacePermissions(ctx: DcContext, person: DcPerson): Promise<number> {
  const targets: Array<{ spaceKey: string; held: Set<PermissionOptionId> }> = [];
  for await (const outcome of scanSpaces(ctx, { includePersonal: true })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    const held = heldBy(outcome.value, person);
    if (held.size > 0) targets.push({ spaceKey: outcome.item.key, held });
  }
  let writes = 0;
  for await (const outcome of mapConcurrent(targets, ctx.config.concurrency, ({ spaceKey, held }) =>
    writeStep(ctx, spaceKey, person, dcSpaceStep(held, [], [...held])),
  )) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    writes += outcome.value;
  }
  return writes;
}
