import { type ConnectionReport, toConnectorError } from '../../connector/index.ts';
import { accessGroups } from './access.ts';
import type { DcContext } from './context.ts';
import { GROUP } from './endpoints.ts';
import { canUseUsernames } from './users-api.ts';

/**
 * `std:test-connection`: the credentials are a signed-in user and the version is known, the remote
 * API answers (the connector needs it for emails, and for permissions before 9.1), and every access
 * group exists; every check runs even when one fails.
 */
export async function testConnection(ctx: DcContext): Promise<ConnectionReport> {
  const checks: Array<[string, () => Promise<string>]> = [
    ['rest', async () => `signed in; Confluence ${(await ctx.capabilities()).version}`],
    [
      'rpc',
      async () => `remote API answers (${(await canUseUsernames(ctx)).size} active users can use Confluence)`,
    ],
    ...accessGroups(ctx).map((name): [string, () => Promise<string>] => [
      `group:${name}`,
      async () => {
        await ctx.transport.call(GROUP, { params: { groupName: name } });
        return `${name} exists`;
      },
    ]),
  ];
  const results = await Promise.all(
    checks.map(async ([name, check]) => {
      try {
        return { name, ok: true, message: await check() };
      } catch (error) {
        const failure = toConnectorError(error);
        return { name, ok: false, message: `${failure.code}: ${failure.message}` };
      }
    }),
  );
  return { ok: results.every((result) => result.ok), checks: results };
}
