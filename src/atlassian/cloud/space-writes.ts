import {
  ConnectorError,
  type PermissionOptionId,
  parseSpacePermissionValue,
  toConnectorError,
} from '../../connector/index.ts';
import type { SetChange } from '../kit/change-plan.ts';
import { mapConcurrent } from '../kit/concurrent.ts';
import { directSpacePermissions } from './account-lookup.ts';
import { spaceStep } from './change-plan.ts';
import type { CloudContext } from './context.ts';
import { cloudOperation } from './operation-keys.ts';
import { directRows } from './space-grants.ts';
import { scanSpaces } from './space-scan.ts';
import { grantToUser, recentSpaceByKey, revokePermission, spacePermissionRows } from './spaces-api.ts';

/**
 * Applies space-permission changes for one account, space by space (spaces concurrently), reading
 * each space's current rows first so nothing held is granted twice; returns how many writes it made.
 */
export async function applySpaceChanges(
  ctx: CloudContext,
  accountId: string,
  change: SetChange<string>,
): Promise<number> {
  const bySpace = new Map<string, { add: PermissionOptionId[]; remove: PermissionOptionId[] }>();
  const entry = (key: string) => {
    let found = bySpace.get(key);
    if (found === undefined) {
      found = { add: [], remove: [] };
      bySpace.set(key, found);
    }
    return found;
  };
  let { add, remove } = change;
  if (change.set !== undefined) {
    const current = new Set(await directSpacePermissions(ctx, accountId, true));
    const target = new Set(change.set);
    add = [...add, ...[...target].filter((value) => !current.has(value))];
    remove = [...remove, ...[...current].filter((value) => !target.has(value) && isManageableValue(value))];
  }
  for (const value of add) addTo(entry, value, 'add');
  for (const value of remove) addTo(entry, value, 'remove');
  let writes = 0;
  for await (const outcome of mapConcurrent(bySpace, ctx.config.concurrency, async ([spaceKey, wanted]) => {
    const space = await recentSpaceByKey(ctx, spaceKey);
    const held = directRows(await spacePermissionRows(ctx, space.id), accountId);
    const step = spaceStep(new Set(held.keys()), wanted.add, wanted.remove);
    for (const option of step.revoke) {
      const rowId = held.get(option);
      if (rowId !== undefined) await revokePermission(ctx, spaceKey, rowId);
    }
    for (const option of step.grant) await grantToUser(ctx, spaceKey, accountId, option);
    return step.revoke.length + step.grant.length;
  })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    writes += outcome.value;
  }
  return writes;
}

function isManageableValue(value: string): boolean {
  const option = parseSpacePermissionValue(value)?.option;
  return option !== undefined && cloudOperation(option.id) !== undefined;
}

function addTo(
  entry: (key: string) => { add: PermissionOptionId[]; remove: PermissionOptionId[] },
  value: string,
  side: 'add' | 'remove',
): void {
  const parsed = parseSpacePermissionValue(value);
  if (parsed === undefined) throw new ConnectorError('invalid_input', `${value} is not SPACEKEY:option`);
  entry(parsed.spaceKey)[side].push(parsed.option.id);
}

/**
 * Removes every permission the account holds directly in any space (personal spaces included):
 * revoking View where held (it cascades), otherwise each row. Where Confluence refuses because the
 * account is the space's last admin (400), it revokes every other option and keeps View and Admin.
 * Returns the number of writes.
 */
export async function sweepSpacePermissions(ctx: CloudContext, accountId: string): Promise<number> {
  const targets: Array<{ spaceKey: string; held: Map<PermissionOptionId, string> }> = [];
  for await (const outcome of scanSpaces(ctx, { includePersonal: true })) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    const held = directRows(outcome.value, accountId);
    if (held.size > 0) targets.push({ spaceKey: outcome.item.key, held });
  }
  let writes = 0;
  for await (const outcome of mapConcurrent(targets, ctx.config.concurrency, ({ spaceKey, held }) =>
    sweepSpace(ctx, spaceKey, held),
  )) {
    if (!outcome.ok) throw toConnectorError(outcome.error);
    writes += outcome.value;
  }
  return writes;
}

async function sweepSpace(
  ctx: CloudContext,
  spaceKey: string,
  held: Map<PermissionOptionId, string>,
): Promise<number> {
  const view = held.get('view');
  if (view !== undefined) {
    try {
      await revokePermission(ctx, spaceKey, view);
      return 1;
    } catch (error) {
      if (!(error instanceof ConnectorError && error.code === 'invalid_input' && held.has('admin')))
        throw error;
    }
  }
  let writes = 0;
  for (const [option, id] of held) {
    if (option === 'view' || option === 'admin') continue;
    await revokePermission(ctx, spaceKey, id);
    writes++;
  }
  return writes;
}
