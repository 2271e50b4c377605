import { ConnectorError } from '../../connector/index.ts';
import type { Transport } from '../http/transport.ts';
import type { DataCenterConnectorConfig } from './config.ts';
import { CURRENT_USER, type DcApiName, MANIFEST } from './endpoints.ts';

/** What the detected release offers (reference §10); each missing family falls back to JSON-RPC. */
export interface DcCapabilities {
  version: string;
  /** REST space permission API (9.1+). */
  restSpacePermissions: boolean;
  /** REST group membership writes (8.2+, unconfirmed; present in the 9.0 docs). */
  restMembership: boolean;
  /** REST disable and enable (8.2+). */
  restLifecycle: boolean;
  /** REST user creation (8.4+). */
  restCreateUser: boolean;
  /** REST user update, full name and email (9.x; taken as 9.0, unconfirmed). */
  restUpdateUser: boolean;
}

/** Whether `version` is at least `major.minor`. */
export function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** The capabilities of a version. */
export function capabilitiesOf(version: string): DcCapabilities {
  return {
    version,
    restSpacePermissions: atLeast(version, 9, 1),
    restMembership: atLeast(version, 8, 2),
    restLifecycle: atLeast(version, 8, 2),
    restCreateUser: atLeast(version, 8, 4),
    restUpdateUser: atLeast(version, 9, 0),
  };
}

/**
 * Detects the instance once: confirms the credentials belong to a signed-in user (Data Center
 * treats an unknown personal access token as anonymous where anonymous access is on,
 * CONFSERVER-98199, so a 200 proves nothing) and reads `<version>` from the application-links
 * manifest unless the configuration names the version.
 */
export async function detectCapabilities(ctx: {
  config: Readonly<DataCenterConnectorConfig>;
  transport: Transport<DcApiName>;
}): Promise<DcCapabilities> {
  const { body: me } = await ctx.transport.call<{ type?: string }>(CURRENT_USER);
  if (me?.type === 'anonymous' || me?.type === undefined) {
    throw new ConnectorError(
      'auth_failed',
      'Confluence answered as anonymous: the configured credentials were not accepted',
      { retryable: false },
    );
  }
  if (ctx.config.version !== undefined) return capabilitiesOf(ctx.config.version);
  const { body: xml } = await ctx.transport.call<string>(MANIFEST, { text: true });
  const version = /<version>\s*([\d.]+)/.exec(xml ?? '')?.[1];
  if (version === undefined)
    throw new ConnectorError('invalid_response', 'the application-links manifest names no <version>');
  return capabilitiesOf(version);
}

/** Memoizes a detection; a failure is not kept, so the next call tries again. */
export function memoized(detect: () => Promise<DcCapabilities>): () => Promise<DcCapabilities> {
  let pending: Promise<DcCapabilities> | undefined;
  return () => {
    pending ??= detect().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
