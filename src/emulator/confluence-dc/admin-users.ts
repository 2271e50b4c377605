import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { originOf } from '../http/context.ts';
import { requireAdmin } from './auth.ts';
import { type DcContext, dcRequest, findUser, requireFeature } from './context.ts';
import { badRequest, DcRestError } from './errors.ts';
import { requireWritable } from './read-only.ts';
import { createUser, parseNewUser } from './user-input.ts';

/** `POST /rest/api/admin/user` (8.4): create a user, 201 `{ userKey }` (reference §5). */
const CREATE = '/rest/api/admin/user';
/** `PUT|DELETE /rest/api/admin/user/{username}`: update (9.x) or delete (8.2, a long task). */
const ONE = '/rest/api/admin/user/:username';
/** `PUT /rest/api/admin/user/{username}/disable` (8.2), idempotent, 204. */
const DISABLE = '/rest/api/admin/user/:username/disable';
/** `PUT /rest/api/admin/user/{username}/enable` (8.2), idempotent, 204. */
const ENABLE = '/rest/api/admin/user/:username/enable';
/** `GET /rest/api/longtask/{id}`: the status of a long task. */
const LONG_TASK = '/rest/api/longtask/:id';

type ByName = { Params: { username: string } };

/** Registers user create (8.4) and update (9.x); each answers 404 on a release that lacks it. */
export function registerAdminUserRoutes(app: FastifyInstance, ctx: DcContext): void {
  app.post<{ Body: unknown }>(CREATE, async (request, reply) => {
    const { state, caller } = dcRequest(ctx, request);
    requireFeature(state, 'adminUserCreate');
    requireAdmin(state, caller);
    const input = parseNewUser(request.body);
    if (state.userByUsername(input.userName) !== undefined)
      throw new DcRestError(409, `A user with username '${input.userName}' already exists`);
    const user = createUser(state, input, originOf('admin', request));
    return reply.code(201).send({ userKey: user.userKey });
  });

  app.put<ByName & { Body: { email?: unknown; fullName?: unknown } | undefined }>(
    ONE,
    async (request, reply) => {
      const { state, caller } = dcRequest(ctx, request);
      requireFeature(state, 'adminUserUpdate');
      requireAdmin(state, caller);
      const user = findUser(state, { username: request.params.username });
      const { email, fullName } = request.body ?? {};
      if (email !== undefined && (typeof email !== 'string' || !email.includes('@')))
        throw badRequest('email is not valid');
      if (fullName !== undefined && (typeof fullName !== 'string' || fullName.trim() === ''))
        throw badRequest('fullName must not be blank');
      requireWritable(state, 'user', user);
      state.updateAccount(
        user.userKey,
        {
          ...(email === undefined ? {} : { email }),
          ...(fullName === undefined ? {} : { displayName: fullName }),
        },
        originOf('admin', request),
      );
      return reply.code(204).send();
    },
  );
}

/** Registers disable, enable and delete (8.2) and the long task a deletion answers with. */
export function registerAdminUserLifecycleRoutes(app: FastifyInstance, ctx: DcContext): void {
  for (const [path, active] of [
    [DISABLE, false],
    [ENABLE, true],
  ] as const) {
    app.put<ByName>(path, async (request, reply) => {
      const { state, caller } = dcRequest(ctx, request);
      requireFeature(state, 'adminUserLifecycle');
      requireAdmin(state, caller);
      const user = findUser(state, { username: request.params.username });
      if (user.active !== active) {
        requireWritable(state, 'user', user);
        state.updateAccount(
          user.userKey,
          { active },
          originOf('admin', request),
          active ? 'account.enable' : 'account.disable',
        );
      }
      return reply.code(204).send();
    });
  }

  app.delete<ByName>(ONE, async (request, reply) => {
    const { state, caller, links } = dcRequest(ctx, request);
    requireFeature(state, 'adminUserLifecycle');
    requireAdmin(state, caller);
    const user = findUser(state, { username: request.params.username });
    requireWritable(state, 'user', user);
    state.deleteUser(user.userKey, originOf('admin', request));
    const id = randomUUID();
    state.longTasks.set(id, { name: `Delete user ${user.username}`, finished: true });
    return reply.code(202).send({ id, links: { status: `${links.context}/rest/api/longtask/${id}` } });
  });

  app.get<{ Params: { id: string } }>(LONG_TASK, async (request) => {
    const { state, caller } = dcRequest(ctx, request);
    requireAdmin(state, caller);
    const task = state.longTasks.get(request.params.id);
    if (task === undefined) throw new DcRestError(404, `No long task with id ${request.params.id}`);
    return {
      id: request.params.id,
      name: { key: task.name },
      percentageComplete: 100,
      successful: true,
      finished: task.finished,
    };
  });
}
