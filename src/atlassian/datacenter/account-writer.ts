import {
  type AccountRecord,
  type AttributeChange,
  ConnectorError,
  parseSpacePermissionValue,
  type ReadOptions,
} from '../../connector/index.ts';
import { type ChangePlan, planChanges, type SetChange } from '../kit/change-plan.ts';
import { accessGroups, type DcAccess, requireCanUse } from './access.ts';
import { readAccount } from './account-lookup.ts';
import type { DcContext } from './context.ts';
import { ADD_MEMBER, DISABLE_USER, ENABLE_USER, REMOVE_MEMBER, UPDATE_USER } from './endpoints.ts';
import { dcPermission } from './permission-names.ts';
import { rpc } from './rpc.ts';
import { applySpaceChanges } from './space-writes.ts';
import { type DcPerson, isActive, personByKey, remoteUser } from './users-api.ts';

/** The one profile attribute Data Center's APIs can write: the full name (REST 9.x, JSON-RPC `editUser`). */
type DcProfile = 'displayName';

/** Validates an update with Data Center's rules. */
export function planDcChanges(changes: readonly AttributeChange[]): ChangePlan<DcProfile> {
  return planChanges<DcProfile>(changes, {
    profile: ['displayName'],
    readOnly: ['userKey', 'username', 'email', 'status'],
    unwritable: ['firstName', 'lastName', 'department', 'jobTitle'],
    manageable: (option) => dcPermission(option) !== undefined,
  });
}

/**
 * `std:account:update`: validates every change, passes the guardrail, then writes group,
 * space-permission and profile changes, each only where it differs; `changed` says whether it wrote.
 */
export async function updateAccount(
  ctx: DcContext,
  userKey: string,
  changes: readonly AttributeChange[],
): Promise<{ changed: boolean; writes: number; account: AccountRecord }> {
  const plan = planDcChanges(changes);
  const access = await requireCanUse(ctx, userKey);
  let writes = await applyGroupChanges(ctx, access, plan.groups);
  if (plan.spaces.add.length + plan.spaces.remove.length > 0 || plan.spaces.set !== undefined)
    writes += await applySpaceChanges(ctx, access.person, plan.spaces);
  writes += await applyProfile(ctx, access.person, plan.profile);
  const scope: ReadOptions =
    plan.spaces.set !== undefined
      ? {}
      : {
          spaces: [...plan.spaces.add, ...plan.spaces.remove].map(
            (value) => parseSpacePermissionValue(value)?.spaceKey ?? value,
          ),
        };
  const account = await readAccount(ctx, userKey, undefined, { ...scope, afterWrite: true });
  return { changed: writes > 0, writes, account };
}

async function applyGroupChanges(
  ctx: DcContext,
  access: DcAccess,
  change: SetChange<string>,
): Promise<number> {
  const lower = (names: string[]) => names.map((name) => name.toLowerCase());
  const access_ = new Set(accessGroups(ctx));
  for (const name of lower([...change.add, ...change.remove, ...(change.set ?? [])])) {
    if (!access_.has(name))
      throw new ConnectorError(
        'invalid_input',
        `group ${name} does not hold "Can use"; it is not an entitlement`,
        {
          details: { group: name },
        },
      );
  }
  const target = new Set(change.set === undefined ? access.held : lower(change.set));
  for (const name of lower(change.add)) target.add(name);
  for (const name of lower(change.remove)) target.delete(name);
  let writes = 0;
  for (const name of target) {
    if (access.held.has(name)) continue;
    await setMembership(ctx, access.person, name, true);
    writes++;
  }
  for (const name of access.held) {
    if (target.has(name)) continue;
    await setMembership(ctx, access.person, name, false);
    writes++;
  }
  return writes;
}

/** Adds or removes a direct membership: REST on 8.2 and later, JSON-RPC before. */
export async function setMembership(
  ctx: DcContext,
  person: DcPerson,
  groupName: string,
  add: boolean,
): Promise<void> {
  if ((await ctx.capabilities()).restMembership) {
    await ctx.transport.call(add ? ADD_MEMBER : REMOVE_MEMBER, {
      params: { username: person.username, groupName },
    });
    return;
  }
  await rpc(ctx, add ? 'addUserToGroup' : 'removeUserFromGroup', [person.username, groupName]);
}

async function applyProfile(
  ctx: DcContext,
  person: DcPerson,
  profile: Partial<Record<DcProfile, string | null>>,
): Promise<number> {
  if (!('displayName' in profile)) return 0;
  const fullName = profile.displayName;
  if (fullName === null || fullName === undefined || fullName.trim() === '')
    throw new ConnectorError('invalid_input', 'displayName cannot be cleared on Data Center');
  if (person.displayName === fullName) return 0;
  if ((await ctx.capabilities()).restUpdateUser) {
    await ctx.transport.call(UPDATE_USER, { params: { username: person.username }, body: { fullName } });
  } else {
    const remote = await remoteUser(ctx, person.userKey);
    await rpc(ctx, 'editUser', [{ name: person.username, fullname: fullName, email: remote.email }]);
  }
  return 1;
}

/** Writes the active flag: REST disable/enable on 8.2 and later, JSON-RPC `deactivateUser`/`reactivateUser` before. */
export async function writeActive(ctx: DcContext, person: DcPerson, enabled: boolean): Promise<void> {
  if ((await ctx.capabilities()).restLifecycle) {
    await ctx.transport.call(enabled ? ENABLE_USER : DISABLE_USER, { params: { username: person.username } });
    return;
  }
  await rpc(ctx, enabled ? 'reactivateUser' : 'deactivateUser', [person.username]);
}

/** `std:account:disable` / `enable`: guardrail, then a write only when the status differs. */
export async function setEnabled(ctx: DcContext, userKey: string, enabled: boolean): Promise<AccountRecord> {
  const access = await requireCanUse(ctx, userKey);
  if (isActive(access.person) !== enabled) await writeActive(ctx, access.person, enabled);
  return readAccount(ctx, userKey, { ...access, person: await personByKey(ctx, userKey) });
}
