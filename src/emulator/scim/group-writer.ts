import { randomUUID } from 'node:crypto';
import type { Group, WriteOrigin } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { directoryOnlyGroupNamed, isReservedGroupName, isUnsynced } from './directory-groups.ts';
import { badRequest, conflict, notFound, type ScimHttpError } from './errors.ts';
import { memberUserIds } from './group-resource.ts';

/** What a group write asks for: the name, the IdP's id and the complete member list (SCIM user ids). */
export interface GroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

/** How a member id that is not a directory user is reported: 400 for POST/PUT, 404 for PATCH. */
export type UnknownMember = (userId: string) => ScimHttpError;

/** POST/PUT report unknown members as bad input ("the users referenced do not exist"). */
export const unknownMemberInBody: UnknownMember = (userId) =>
  badRequest('invalidValue', `User with id '${userId}' does not exist in the directory.`);

/** PATCH reports them as 404 ("the directory, group, or user does not exist"). */
export const unknownMemberInPatch: UnknownMember = (userId) =>
  notFound(`User with id '${userId}' does not exist in the directory.`);

/**
 * Creates a SCIM group. A default access or built-in group name answers success but makes a
 * directory-only group that never reaches the organization (spec "Group limitations"); otherwise
 * any organization group with the same name (case-insensitive) is a 409.
 */
export function createGroup(state: SiteState, input: GroupInput, origin: WriteOrigin): Group {
  const reserved = isReservedGroupName(input.displayName);
  const taken = reserved
    ? directoryOnlyGroupNamed(state, input.displayName)
    : state.groupByGroupName(input.displayName);
  if (taken !== undefined) throw conflict(`A group with the name '${input.displayName}' already exists.`);
  const accountIds = resolveMembers(state, input.memberIds, unknownMemberInBody);
  const now = state.now().toISOString();
  const group: Group = {
    id: randomUUID(),
    name: input.displayName,
    description: '',
    productGrants: [],
    scimId: randomUUID(),
    externalId: input.externalId,
    members: reserved ? accountIds : new Set(),
    createdAt: now,
    updatedAt: now,
  };
  if (reserved) {
    state.directoryOnlyGroups.set(group.scimId ?? '', group);
    return group;
  }
  state.insertGroup(group, origin);
  for (const accountId of accountIds) state.addMember(group.id, accountId, origin);
  return group;
}

/**
 * Makes a group match the input: renaming is a 400 `mutability` (Atlassian cannot rename synced
 * groups), the externalId is replaced, and directory members are added and removed one by one so
 * the write log names each account. Members outside the directory are left alone.
 */
export function replaceGroup(
  state: SiteState,
  group: Group,
  input: GroupInput,
  origin: WriteOrigin,
  unknown: UnknownMember,
): Group {
  if (input.displayName.toLowerCase() !== group.name.toLowerCase()) {
    throw badRequest('mutability', 'Renaming a group is not supported.');
  }
  const wanted = resolveMembers(state, input.memberIds, unknown);
  if (isUnsynced(state, group)) {
    Object.assign(group, {
      externalId: input.externalId,
      members: wanted,
      updatedAt: state.now().toISOString(),
    });
    return group;
  }
  if (input.externalId !== group.externalId)
    state.updateGroup(group.id, { externalId: input.externalId }, origin);
  for (const userId of memberUserIds(state, group)) {
    const account = state.accountByScim(userId);
    if (account !== undefined && !wanted.has(account.accountId))
      state.removeMember(group.id, account.accountId, origin);
  }
  for (const accountId of wanted) state.addMember(group.id, accountId, origin);
  return group;
}

/** DELETE /Groups/{id}: an organization group is deleted (its members logged); a directory-only one just goes. */
export function deleteGroup(state: SiteState, group: Group, origin: WriteOrigin): void {
  if (isUnsynced(state, group)) state.directoryOnlyGroups.delete(group.scimId ?? '');
  else state.deleteGroup(group.id, origin);
}

function resolveMembers(state: SiteState, memberIds: string[], unknown: UnknownMember): Set<string> {
  const accountIds = new Set<string>();
  for (const userId of memberIds) {
    const account = state.accountByScim(userId);
    if (account?.scim === null || account === undefined) throw unknown(userId);
    accountIds.add(account.accountId);
  }
  return accountIds;
}
