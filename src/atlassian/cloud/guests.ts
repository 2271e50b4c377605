import { pagesV1 } from '../http/paging.ts';
import type { CloudContext } from './context.ts';
import { USER_SEARCH } from './endpoints.ts';

interface SearchResult {
  user?: { accountId?: string };
}

const GUESTS = { sitePermissionTypeFilter: 'externalCollaborator' } as const;

/**
 * Pages of guest (external collaborator) accountIds: Confluence's CQL user search filtered to
 * `externalCollaborator`. Guests hold Confluence through the guest role, which no v1 group filter shows.
 */
export async function* guestPages(ctx: CloudContext): AsyncGenerator<string[]> {
  for await (const page of pagesV1<SearchResult>(ctx.transport, USER_SEARCH, {
    query: { cql: 'type=user', ...GUESTS },
    limit: ctx.config.pageSize.members,
  })) {
    yield page.flatMap((result) => (result.user?.accountId === undefined ? [] : [result.user.accountId]));
  }
}

/** Whether the account is a Confluence guest (one CQL search call). */
export async function isGuest(ctx: CloudContext, accountId: string): Promise<boolean> {
  const { body } = await ctx.transport.call<{ results?: SearchResult[] }>(USER_SEARCH, {
    query: { cql: `user.accountid="${accountId.replace(/["\\]/g, '')}"`, ...GUESTS, limit: 1 },
  });
  return (body?.results ?? []).some((result) => result.user?.accountId === accountId);
}
