import { type ConnectionReport, toConnectorError } from '../../connector/index.ts';
import type { CloudContext } from './context.ts';
import { ADMIN_USERS, CURRENT_USER, SCIM_USERS } from './endpoints.ts';
import { carryingGroups } from './groups-api.ts';

/**
 * `std:test-connection`: one cheap call per API with its own credential, plus the check that
 * the configured product group carries Confluence; every check runs even when one fails.
 */
export async function testConnection(ctx: CloudContext): Promise<ConnectionReport> {
  const checks: Array<[string, () => Promise<string>]> = [
    [
      'confluence',
      async () => {
        await ctx.transport.call(CURRENT_USER);
        return 'site API token accepted';
      },
    ],
    [
      'admin',
      async () => {
        await ctx.transport.call(ADMIN_USERS);
        return 'organization API key accepted';
      },
    ],
    [
      'scim',
      async () => {
        await ctx.transport.call(SCIM_USERS, { query: { count: 1 } });
        return 'SCIM directory key accepted';
      },
    ],
    [
      'productGroup',
      async () => {
        const groups = await carryingGroups(ctx);
        const found = [...groups.values()].some((group) => group.name === ctx.config.productGroup);
        if (!found)
          throw new Error(`${ctx.config.productGroup} is not a group that carries Confluence access`);
        return `${ctx.config.productGroup} carries Confluence access`;
      },
    ],
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
