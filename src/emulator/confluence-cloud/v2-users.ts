import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest } from './errors.ts';

/** https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-user/#api-users-bulk-post */
const USERS_BULK = '/api/v2/users-bulk';

/** Registers v2 `POST /users-bulk`: 1–250 account ids in, the accounts found out (unknown ids are skipped). */
export function registerV2Users(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post(USERS_BULK, async (request) => {
    const ids = accountIdsFromBody(request.body);
    const results = ids.flatMap((id) => {
      const account = ctx.state.accounts.get(id);
      return account === undefined ? [] : [v2User(ctx.state, account)];
    });
    return { results };
  });
}

function accountIdsFromBody(body: unknown): string[] {
  const ids = typeof body === 'object' && body !== null && 'accountIds' in body ? body.accountIds : undefined;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 250 || ids.some((id) => typeof id !== 'string'))
    throw badRequest('accountIds must be a list of 1 to 250 account ids');
  return ids as string[];
}

/** An account as the v2 `User` schema shows it. */
function v2User(state: SiteState, account: Account): Record<string, unknown> {
  const personal = state.spaceByKeyName(`~${account.accountId}`);
  return {
    accountId: account.accountId,
    accountType: account.accountType,
    accountStatus: account.accountStatus,
    displayName: account.displayName,
    publicName: account.nickname === '' ? account.displayName : account.nickname,
    email: account.email,
    timeZone: account.timezone,
    personalSpaceId: personal === undefined ? null : String(personal.id),
    isExternalCollaborator: account.guest,
    profilePicture: { path: '/wiki/aa-avatar/default.png', isDefault: true },
  };
}
