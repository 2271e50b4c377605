import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, originOf } from '../http/context.ts';
import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest, ConfluenceError, notFound } from './errors.ts';
import { queryOf, single } from './request-params.ts';
import { requireSiteAdmin } from './v1-shapes.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-userbygroupid-post */
const MEMBER_BY_GROUP_ID = '/rest/api/group/userByGroupId';

/**
 * Registers the member writes: add (201, idempotent: re-adding a member is a 201 that writes nothing)
 * and remove (204, also when the account is not a member, and then nothing is written). Members of a
 * group synced from an identity provider cannot be changed here (403).
 */
export function groupMembershipWrites(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(MEMBER_BY_GROUP_ID, async (request, reply) => {
    const group = writableGroup(ctx.state, single(queryOf(request), 'groupId'));
    const accountId = accountIdFromBody(request.body);
    requireAccount(ctx.state, accountId);
    ctx.state.addMember(group.id, accountId, originOf('confluence', request));
    return reply.code(201).send();
  });

  app.delete(MEMBER_BY_GROUP_ID, async (request, reply) => {
    const query = queryOf(request);
    const group = writableGroup(ctx.state, single(query, 'groupId'));
    const accountId = single(query, 'accountId');
    if (accountId === undefined || accountId === '') throw badRequest('The accountId is required');
    requireAccount(ctx.state, accountId);
    ctx.state.removeMember(group.id, accountId, originOf('confluence', request));
    return reply.code(204).send();
  });
}

function writableGroup(state: SiteState, groupId: string | undefined): Group {
  requireSiteAdmin(state);
  if (groupId === undefined || groupId === '') throw badRequest('The groupId is required');
  const group = state.groups.get(groupId);
  if (group === undefined) throw notFound(`No group found with id : ${groupId}`);
  if (group.scimId !== null)
    throw new ConfluenceError(
      403,
      `Group ${group.name} is managed by an external directory and cannot be modified`,
    );
  return group;
}

function requireAccount(state: SiteState, accountId: string): void {
  if (!state.accounts.has(accountId)) throw notFound(`No user found with accountId : ${accountId}`);
}

/** The `accountId` of an `AccountId` request body; 400 when missing or not a string. */
function accountIdFromBody(body: unknown): string {
  const accountId =
    typeof body === 'object' && body !== null && 'accountId' in body ? body.accountId : undefined;
  if (typeof accountId !== 'string' || accountId.trim() === '') throw badRequest('The accountId is required');
  return accountId;
}
