import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { Reply } from './emulator-client.ts';

/** The code of the first error in an organization admin API error body (`{ errors: [{ code }] }`). */
export function errorCode(reply: Reply): string | undefined {
  return (reply.body as { errors?: Array<{ code: string }> }).errors?.[0]?.code;
}

/** A path under the site's organization in the admin API v1: `/admin/v1/orgs/{orgId}{suffix}`. */
export function orgPath(emulator: RunningEmulator, suffix = ''): string {
  return `/admin/v1/orgs/${emulator.state.site.orgId}${suffix}`;
}

/** A path under the site's directory in the admin API v2: `/admin/v2/orgs/{orgId}/directories/{directoryId}{suffix}`. */
export function directoryPath(emulator: RunningEmulator, suffix = ''): string {
  const { orgId, directoryId } = emulator.state.site;
  return `/admin/v2/orgs/${orgId}/directories/${directoryId}${suffix}`;
}
