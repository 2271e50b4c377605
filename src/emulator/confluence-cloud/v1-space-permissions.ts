import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import type { Space } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, notFound } from './errors.ts';
import { checkGrant, rowsToRemove } from './permission-rules.ts';
import { siteBase } from './request-params.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space-permissions/#api-wiki-rest-api-space-spacekey-permission-post */
const ADD_PERMISSION = '/rest/api/space/:spaceKey/permission';
/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space-permissions/#api-wiki-rest-api-space-spacekey-permission-id-delete */
const REMOVE_PERMISSION = '/rest/api/space/:spaceKey/permission/:id';

/**
 * Registers the v1 space-permission writes: add one permission (200 with `SpacePermissionV2`) and
 * remove one by id (204), with Confluence's rules (see permission-rules.ts); every change goes through
 * the site state so the write log names the account it touched.
 */
export function registerV1SpacePermissions(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(ADD_PERMISSION, async (request) => {
    const space = spaceFromPath(ctx.state, request);
    const grant = checkGrant(ctx.state, space, request.body);
    const row = ctx.state.addSpacePermission(
      space.id,
      grant.principal,
      grant.key,
      grant.target,
      originOf('confluence', request),
    );
    const base = siteBase(request);
    return {
      id: row.id,
      subject: grant.subject,
      operation: { key: row.key, target: row.target },
      _links: { base, context: '/wiki' },
    };
  });

  app.delete(REMOVE_PERMISSION, async (request, reply) => {
    const space = spaceFromPath(ctx.state, request);
    const raw = (request.params as { id: string }).id;
    if (!/^\d+$/.test(raw)) throw badRequest(`Provided value {${raw}} for 'id' is not a number`);
    const permission = space.permissions.find((p) => p.id === Number(raw));
    if (permission === undefined) throw notFound(`No permission with id ${raw} in space ${space.key}`);
    ctx.state.removeSpacePermissions(rowsToRemove(space, permission), originOf('confluence', request));
    return reply.code(204).send();
  });
}

function spaceFromPath(state: SiteState, request: FastifyRequest): Space {
  const { spaceKey } = request.params as { spaceKey: string };
  const space = state.spaceByKeyName(spaceKey);
  if (space === undefined) throw notFound(`No space with key : ${spaceKey}`);
  return space;
}
