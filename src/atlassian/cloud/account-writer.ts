import {
  type AccountRecord,
  type AttributeChange,
  ConnectorError,
  parseSpacePermissionValue,
  type ReadOptions,
} from '../../connector/index.ts';
import type { SetChange } from '../kit/change-plan.ts';
import { type ConfluenceAccess, readAccount, requireConfluence } from './account-lookup.ts';
import { summarizeScim } from './account-shape.ts';
import { type ChangePlan, PROFILE_ATTRIBUTES, type ProfileAttribute, planChanges } from './change-plan.ts';
import type { CloudContext } from './context.ts';
import { MANAGED_PROFILE } from './endpoints.ts';
import { addMember, removeMember } from './groups-api.ts';
import { applySpaceChanges } from './space-writes.ts';
import { linkedAccountId, patchScimUser, scimUserByEmail, setLifecycle, usersBulk } from './users-api.ts';

/**
 * `std:account:update`: validates every change, passes the guardrail, then applies group,
 * space-permission and profile changes, writing only what differs; `changed` says whether it wrote.
 */
export async function updateAccount(
  ctx: CloudContext,
  accountId: string,
  changes: readonly AttributeChange[],
): Promise<{ changed: boolean; writes: number; account: AccountRecord }> {
  const plan = planChanges(changes);
  const access = await requireConfluence(ctx, accountId);
  const groupWrites = await applyGroupChanges(ctx, accountId, access, plan.groups);
  let writes = groupWrites;
  if (plan.spaces.add.length + plan.spaces.remove.length > 0 || plan.spaces.set !== undefined) {
    writes += await applySpaceChanges(ctx, accountId, plan.spaces);
  }
  writes += await applyProfile(ctx, accountId, plan.profile);
  // Memberships read for the guardrail still hold when no group was written: the read-back reuses them.
  const known = groupWrites === 0 ? access : undefined;
  const account = await readAccount(ctx, accountId, known, { ...readBackScope(plan), afterWrite: true });
  return { changed: writes > 0, writes, account };
}

/** The read-back an update needs: the spaces it touched, or every space when it set the whole list. */
function readBackScope(plan: ChangePlan): ReadOptions {
  if (plan.spaces.set !== undefined) return {};
  const touched = [...plan.spaces.add, ...plan.spaces.remove].map(
    (value) => parseSpacePermissionValue(value)?.spaceKey ?? value,
  );
  return { spaces: touched };
}

async function applyGroupChanges(
  ctx: CloudContext,
  accountId: string,
  access: ConfluenceAccess,
  change: SetChange<string>,
): Promise<number> {
  for (const id of [...change.add, ...change.remove, ...(change.set ?? [])]) {
    if (!access.carrying.has(id)) {
      throw new ConnectorError(
        'invalid_input',
        `group ${id} carries no Confluence access; it is not an entitlement`,
        {
          details: { groupId: id },
        },
      );
    }
  }
  const target = new Set(change.set ?? access.held);
  for (const id of change.add) target.add(id);
  for (const id of change.remove) target.delete(id);
  let writes = 0;
  for (const id of target) {
    if (access.held.has(id)) continue;
    await addMember(ctx, id, accountId);
    writes++;
  }
  for (const id of access.held) {
    if (target.has(id)) continue;
    await removeMember(ctx, id, accountId);
    writes++;
  }
  return writes;
}

async function applyProfile(
  ctx: CloudContext,
  accountId: string,
  profile: Partial<Record<ProfileAttribute, string | null>>,
): Promise<number> {
  const entries = Object.entries(profile) as Array<[ProfileAttribute, string | null]>;
  if (entries.length === 0) return 0;
  const [bulk] = await usersBulk(ctx, [accountId]);
  const scimUser = bulk?.email ? await scimUserByEmail(ctx, bulk.email) : undefined;
  if (scimUser !== undefined && linkedAccountId(scimUser) === accountId) {
    const current = summarizeScim(scimUser, []);
    const now: Record<ProfileAttribute, string | null> = {
      firstName: current.givenName,
      lastName: current.familyName,
      displayName: current.displayName,
      department: current.department,
      jobTitle: current.title,
    };
    const operations = entries
      .filter(([name, value]) => now[name] !== value)
      .map(([name, value]) =>
        value === null
          ? { op: 'remove' as const, path: PROFILE_ATTRIBUTES[name] }
          : { op: 'replace' as const, path: PROFILE_ATTRIBUTES[name], value },
      );
    if (operations.length > 0) await patchScimUser(ctx, scimUser.id, operations);
    return operations.length > 0 ? 1 : 0;
  }
  return patchManagedProfile(ctx, accountId, entries);
}

async function patchManagedProfile(
  ctx: CloudContext,
  accountId: string,
  entries: Array<[ProfileAttribute, string | null]>,
): Promise<number> {
  const { body: current } = await ctx.transport.call<{
    account?: { name?: string; extended_profile?: { job_title?: string; department?: string } };
  }>({ ...MANAGED_PROFILE, method: 'GET' }, { params: { accountId } });
  const now: Partial<Record<ProfileAttribute, string | null>> = {
    displayName: current?.account?.name ?? null,
    department: current?.account?.extended_profile?.department ?? null,
    jobTitle: current?.account?.extended_profile?.job_title ?? null,
  };
  const body: { name?: string; extended_profile?: Record<string, string | null> } = {};
  for (const [name, value] of entries) {
    if (now[name] === value) continue;
    if (name === 'displayName' && value !== null) body.name = value;
    else if (name === 'department' || name === 'jobTitle') {
      body.extended_profile = {
        ...body.extended_profile,
        [name === 'department' ? 'department' : 'job_title']: value,
      };
    } else {
      throw new ConnectorError(
        'unsupported',
        `${name} can be changed only for accounts in the SCIM directory`,
        {
          details: { accountId },
        },
      );
    }
  }
  if (Object.keys(body).length === 0) return 0;
  await ctx.transport.call(MANAGED_PROFILE, { params: { accountId }, body });
  return 1;
}

/**
 * `std:account:disable` / `enable`: guardrail, then a write only when the status differs. Accounts
 * in the SCIM directory change through SCIM `active` (the user-management API refuses accounts an
 * external directory manages); others through the user-management lifecycle API.
 */
export async function setEnabled(
  ctx: CloudContext,
  accountId: string,
  enabled: boolean,
): Promise<AccountRecord> {
  const access = await requireConfluence(ctx, accountId);
  const [bulk] = await usersBulk(ctx, [accountId]);
  if (bulk === undefined) throw new ConnectorError('not_found', `account ${accountId} not found`);
  const active = bulk.accountStatus === undefined || bulk.accountStatus === 'active';
  if (active !== enabled) await writeActive(ctx, accountId, bulk.email, enabled);
  return readAccount(ctx, accountId, access);
}

/** Writes the account's active flag: SCIM `active` when the SCIM directory holds it, else the lifecycle API. */
export async function writeActive(
  ctx: CloudContext,
  accountId: string,
  email: string | undefined,
  enabled: boolean,
): Promise<void> {
  const scimUser = email ? await scimUserByEmail(ctx, email) : undefined;
  if (scimUser !== undefined && linkedAccountId(scimUser) === accountId) {
    await patchScimUser(ctx, scimUser.id, [{ op: 'replace', path: 'active', value: enabled }]);
  } else {
    await setLifecycle(ctx, accountId, enabled ? 'enable' : 'disable');
  }
}
