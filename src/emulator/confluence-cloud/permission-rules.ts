import type {
  PermissionKey,
  PermissionTarget,
  Principal,
  Space,
  SpacePermission,
} from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest } from './errors.ts';

/**
 * The key/target pairs Confluence Cloud documents as valid for the v1 add API (spec
 * `SpacePermissionRequest` description). There is no `mail` target: Delete Mail cannot be granted.
 */
const VALID_OPERATIONS: Readonly<Record<string, readonly PermissionTarget[]>> = {
  create: ['page', 'blogpost', 'comment', 'attachment'],
  read: ['space'],
  delete: ['page', 'blogpost', 'comment', 'attachment', 'space'],
  export: ['space'],
  administer: ['space'],
  archive: ['page'],
  restrict_content: ['space'],
};

/** A validated add request: who and what. */
interface PermissionGrant {
  principal: Principal;
  key: PermissionKey;
  target: PermissionTarget;
  /** The subject as the caller named it, echoed in the response. */
  subject: { type: 'user' | 'group'; identifier: string };
}

/** Whether two principals are the same subject. */
function samePrincipal(a: Principal, b: Principal): boolean {
  if (a.type === 'anonymous' || b.type === 'anonymous') return a.type === b.type;
  return a.type === b.type && a.id === b.id;
}

/**
 * Reads and checks an add-permission body against the space: a documented key/target pair, a known
 * group (by name or id) or account, `read`/`space` already held unless that is what is asked, and no
 * duplicate. Every failure is a 400, as the v1 reference lists them.
 */
export function checkGrant(state: SiteState, space: Space, body: unknown): PermissionGrant {
  const { subject, operation } = shapeOf(body);
  const targets = VALID_OPERATIONS[operation.key];
  if (targets === undefined || !targets.includes(operation.target as PermissionTarget))
    throw badRequest(`Invalid operation: ${operation.key} ${operation.target}`);
  const key = operation.key as PermissionKey;
  const target = operation.target as PermissionTarget;
  const principal = resolveSubject(state, subject);
  if (principal.type === 'user' && state.accounts.get(principal.id)?.guest === true)
    checkGuestGrant(state, space, principal.id, key);
  const held = space.permissions.filter((p) => samePrincipal(p.principal, principal));
  if (!(key === 'read' && target === 'space') && !held.some((p) => p.key === 'read' && p.target === 'space'))
    throw badRequest(`'read space' permission doesn't exist for the given ${subject.type}.`);
  if (held.some((p) => p.key === key && p.target === target))
    throw badRequest(`Permission already exists for the given ${subject.type}.`);
  return { principal, key, target, subject };
}

/**
 * The rows a delete removes: revoking `read`/`space` takes every permission of that subject in the
 * space. Leaving the space with no `administer` row at all is a 400.
 */
export function rowsToRemove(space: Space, permission: SpacePermission): number[] {
  const cascade = permission.key === 'read' && permission.target === 'space';
  const removed = cascade
    ? space.permissions.filter((p) => samePrincipal(p.principal, permission.principal))
    : [permission];
  const ids = new Set(removed.map((p) => p.id));
  const adminsBefore = space.permissions.filter((p) => p.key === 'administer');
  if (adminsBefore.length > 0 && adminsBefore.every((p) => ids.has(p.id)))
    throw badRequest('All of the admin permissions cannot be removed from a space.');
  return [...ids];
}

const GUEST_FORBIDDEN: readonly PermissionKey[] = ['administer', 'export', 'restrict_content'];

/**
 * Guests (external collaborators) hold permissions in one space only and never Space admin, Export or
 * Restrictions (support.atlassian.com/confluence-cloud/docs/what-can-guests-see-and-do-on-confluence).
 * The API's answer to a breach is not documented; the emulator refuses it with 400.
 */
function checkGuestGrant(state: SiteState, space: Space, accountId: string, key: PermissionKey): void {
  if (GUEST_FORBIDDEN.includes(key)) throw badRequest(`Guests cannot be granted the ${key} permission.`);
  const elsewhere = [...state.spaces.values()].some(
    (other) =>
      other.id !== space.id &&
      other.permissions.some((p) => p.principal.type === 'user' && p.principal.id === accountId),
  );
  if (elsewhere) throw badRequest('Guests can only have access to one space.');
}

function shapeOf(body: unknown): {
  subject: { type: 'user' | 'group'; identifier: string };
  operation: { key: string; target: string };
} {
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const subject = record(record(body)?.subject);
  const operation = record(record(body)?.operation);
  const type = subject?.type;
  const identifier = subject?.identifier;
  if ((type !== 'user' && type !== 'group') || typeof identifier !== 'string' || identifier === '')
    throw badRequest('subject must have a type of user or group and an identifier');
  if (typeof operation?.key !== 'string' || typeof operation.target !== 'string')
    throw badRequest('operation must have a key and a target');
  return { subject: { type, identifier }, operation: { key: operation.key, target: operation.target } };
}

function resolveSubject(
  state: SiteState,
  subject: { type: 'user' | 'group'; identifier: string },
): Principal {
  if (subject.type === 'group') {
    const group = state.groups.get(subject.identifier) ?? state.groupByGroupName(subject.identifier);
    if (group === undefined)
      throw badRequest(`No group found with the given groupName or groupId: ${subject.identifier}`);
    return { type: 'group', id: group.id };
  }
  if (!state.accounts.has(subject.identifier))
    throw badRequest(`No user found with the given accountId: ${subject.identifier}`);
  return { type: 'user', id: subject.identifier };
}
