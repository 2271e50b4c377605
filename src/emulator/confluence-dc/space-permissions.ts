import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originOf } from '../http/context.ts';
import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcSpace, DcSpacePermissionType } from '../state/datacenter/model.ts';
import type { Principal } from '../state/shared/model.ts';
import { type DcContext, dcRequest, findUser, requireFeature } from './context.ts';
import { badRequest, DcRestError } from './errors.ts';
import { findGroup } from './groups.ts';
import { operationOfType, typeOfOperation } from './operations.ts';
import { findSpace } from './spaces.ts';
import { canAdminister } from './visibility.ts';

/** `GET|POST /rest/api/space/{spaceKey}/permissions` (9.1+, reference §6.2). */
const ALL = '/rest/api/space/:spaceKey/permissions';
/** `GET …/permissions/{group|user|anonymous}[/{name}]`, `PUT …/grant|revoke`. */
const SUBJECT = '/rest/api/space/:spaceKey/permissions/:kind/:name';
const SUBJECT_WRITE = '/rest/api/space/:spaceKey/permissions/:kind/:name/:action';
const ANONYMOUS = '/rest/api/space/:spaceKey/permissions/anonymous';
const ANONYMOUS_WRITE = '/rest/api/space/:spaceKey/permissions/anonymous/:action';

type Params = { spaceKey: string; kind?: string; name?: string; action?: string };

/** Registers the REST space permission API; releases before 9.1 answer 404. */
export function registerSpacePermissionRoutes(app: FastifyInstance, ctx: DcContext): void {
  const open = (request: FastifyRequest<{ Params: Params }>, write: boolean) =>
    openSpace(ctx, request, write);
  app.get<{ Params: Params }>(ALL, async (request) => {
    const { space } = open(request, false);
    return space.permissions.map((row) => rowOf(space, row.principal, row.type));
  });
  app.post<{ Params: Params; Body: unknown }>(ALL, async (request) => {
    const { state, space } = open(request, true);
    if (!Array.isArray(request.body)) throw badRequest('A list of SpacePermissionsForSubject is required');
    if (request.body.length > 40) throw badRequest('At most 40 subjects at a time');
    const plan = request.body.map((item) => {
      const { userKey, groupName, operations } = (item ?? {}) as Record<string, unknown>;
      const principal: Principal =
        typeof userKey === 'string'
          ? userPrincipal(state, userKey)
          : typeof groupName === 'string'
            ? { type: 'group', id: findGroup(state, groupName).id }
            : { type: 'anonymous' };
      return { principal, types: parseOperations(operations) };
    });
    for (const { principal, types } of plan)
      replace(state, space, principal, types, originOf('confluence', request));
    return space.permissions.map((row) => rowOf(space, row.principal, row.type));
  });
}

/** Registers the per-subject reads and the additive grant/revoke writes. */
export function registerSubjectPermissionRoutes(app: FastifyInstance, ctx: DcContext): void {
  const open = (request: FastifyRequest<{ Params: Params }>, write: boolean) =>
    openSpace(ctx, request, write);
  app.get<{ Params: Params }>(SUBJECT, async (request) => {
    const { state, space } = open(request, false);
    const principal = subjectOf(state, request.params);
    return space.permissions
      .filter((p) => same(p.principal, principal))
      .map((row) => rowOf(space, row.principal, row.type));
  });
  app.get<{ Params: Params }>(ANONYMOUS, async (request) => {
    const { space } = open(request, false);
    return space.permissions
      .filter((p) => p.principal.type === 'anonymous')
      .map((row) => rowOf(space, row.principal, row.type));
  });
  for (const path of [SUBJECT_WRITE, ANONYMOUS_WRITE]) {
    app.put<{ Params: Params; Body: unknown }>(path, async (request, reply) => {
      const { state, space } = open(request, true);
      const { action } = request.params;
      if (action !== 'grant' && action !== 'revoke') throw new DcRestError(405, 'Method Not Allowed');
      const principal =
        path === ANONYMOUS_WRITE ? ({ type: 'anonymous' } as const) : subjectOf(state, request.params);
      const types = parseOperations(request.body);
      const held = new Set(space.permissions.filter((p) => same(p.principal, principal)).map((p) => p.type));
      const next =
        action === 'grant'
          ? new Set([...held, ...types])
          : new Set([...held].filter((t) => !types.includes(t)));
      replace(state, space, principal, [...next], originOf('confluence', request));
      return reply.code(204).send();
    });
  }
}

/** Checks the version and that the caller administers the space; returns the state and the space. */
function openSpace(ctx: DcContext, request: FastifyRequest<{ Params: Params }>, write: boolean) {
  const { state, caller } = dcRequest(ctx, request);
  requireFeature(state, 'restSpacePermissions');
  if (caller.kind === 'anonymous') throw new DcRestError(401, 'Authentication required');
  const space = findSpace(state, caller, request.params.spaceKey);
  if (!canAdminister(state, caller, space))
    throw new DcRestError(
      403,
      `User ${caller.user.username} may not ${write ? 'change' : 'view'} permissions of ${space.key}`,
    );
  return { state, space };
}

function userPrincipal(state: DcState, userKey: string): Principal {
  return { type: 'user', id: findUser(state, { key: userKey }).userKey };
}

function subjectOf(state: DcState, params: Params): Principal {
  if (params.kind === 'group') return { type: 'group', id: findGroup(state, params.name ?? '').id };
  if (params.kind === 'user') return userPrincipal(state, params.name ?? '');
  throw new DcRestError(404, `null for uri: permissions/${params.kind ?? ''}`);
}

function parseOperations(operations: unknown): DcSpacePermissionType[] {
  if (!Array.isArray(operations)) throw badRequest('operations must be a list of OperationDescription');
  return operations.map((operation) => {
    const type = typeOfOperation(operation);
    if (type === undefined) throw badRequest(`Unsupported operation: ${JSON.stringify(operation)}`);
    return type;
  });
}

/** Makes a subject hold exactly these types on the space (replace semantics of the POST). */
function replace(
  state: DcState,
  space: DcSpace,
  principal: Principal,
  types: DcSpacePermissionType[],
  origin: ReturnType<typeof originOf>,
): void {
  const wanted = new Set(types);
  const rows = space.permissions.filter((p) => same(p.principal, principal));
  state.removeSpacePermissions(
    rows.filter((p) => !wanted.has(p.type)).map((p) => p.id),
    origin,
  );
  const held = new Set(rows.map((p) => p.type));
  for (const type of wanted) if (!held.has(type)) state.addSpacePermission(space.id, principal, type, origin);
}

function rowOf(space: DcSpace, principal: Principal, type: DcSpacePermissionType): Record<string, unknown> {
  const subject =
    principal.type === 'user'
      ? { type: 'user', userKey: principal.id }
      : principal.type === 'group'
        ? { type: 'group', name: principal.id }
        : { type: 'anonymous' };
  return { operation: operationOfType(type), subject, spaceKey: space.key, spaceId: space.id };
}

/** Whether two principals are the same subject. */
export function same(a: Principal, b: Principal): boolean {
  if (a.type === 'anonymous' || b.type === 'anonymous') return a.type === b.type;
  return a.type === b.type && a.id === b.id;
}
