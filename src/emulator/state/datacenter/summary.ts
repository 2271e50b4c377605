import type { DcState } from './dc-state.ts';

/** Counts of what a Data Center instance holds, for the control API and the CLI banner. */
export function summarizeDc(state: DcState): Record<string, number | string> {
  let canUse = 0;
  let disabled = 0;
  for (const [key, user] of state.accounts) {
    if (!user.active) disabled++;
    if (state.hasGlobal(key, 'USECONFLUENCE')) canUse++;
  }
  let spacePermissions = 0;
  for (const space of state.spaces.values()) spacePermissions += space.permissions.length;
  return {
    flavor: 'datacenter',
    version: state.instance.fullVersion,
    contextPath: state.instance.contextPath,
    users: state.accounts.size,
    canUse,
    disabled,
    groups: state.groups.size,
    spaces: state.spaces.size,
    spacePermissions,
    writes: state.writeLog.length,
  };
}
