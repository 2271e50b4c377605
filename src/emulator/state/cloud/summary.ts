import type { SiteState } from './site-state.ts';

/** Counts of what a site holds, for the control API and the CLI banner. */
export function summarize(state: SiteState): Record<string, number | string> {
  let confluenceAccounts = 0;
  for (const accountId of state.accountOrder)
    if (state.hasProduct(accountId, 'confluence')) confluenceAccounts++;
  let spacePermissions = 0;
  for (const space of state.spaces.values()) spacePermissions += space.permissions.length;
  return {
    orgId: state.site.orgId,
    site: state.site.siteName,
    accounts: state.accounts.size,
    confluenceAccounts,
    groups: state.groups.size,
    spaces: state.spaces.size,
    spacePermissions,
    writes: state.writeLog.length,
  };
}
