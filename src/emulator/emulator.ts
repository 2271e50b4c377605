import type { FastifyInstance } from 'fastify';
import { type DcEmulatorOptions, type RunningDcEmulator, startDcEmulator } from './dc-emulator.ts';
import type { EmulatorOptions } from './emulator-options.ts';
import { FaultPlan, type TrafficShape } from './faults/fault-plan.ts';

export type { EmulatorOptions } from './emulator-options.ts';

import { buildEmulatorApp } from './http/app.ts';
import type { EmulatorContext } from './http/context.ts';
import { RequestCounters } from './http/request-counters.ts';
import { SIZE_PROFILES, type SizeProfile } from './seed/profiles.ts';
import { seedSite } from './seed/seed.ts';
import type { SiteState } from './state/cloud/site-state.ts';

/**
 * The JSON a connector needs to reach this emulator (the same keys a real site uses:
 * site URL, email and API token; organization id and admin API key; SCIM directory id and key).
 */
export interface EmulatorConnectorConfig {
  kind: 'cloud';
  site: { url: string; email: string; apiToken: string };
  admin: { url: string; orgId: string; apiKey: string };
  scim: { url: string; directoryId: string; apiKey: string };
  productGroup: string;
}

/** A running emulator: its URL, its live state, and the means to stop it. */
export interface RunningEmulator {
  url: string;
  readonly state: SiteState;
  readonly context: EmulatorContext;
  connectorConfig(): EmulatorConnectorConfig;
  /** Reseeds in place: a fresh site, no faults, zeroed counters, an empty write log. */
  reset(size?: SizeProfile, seed?: number): void;
  close(): Promise<void>;
}

/**
 * Starts an emulator of either flavour: Cloud (SCIM, the admin APIs, Confluence Cloud REST) or, with
 * `flavor: 'datacenter'`, Confluence Data Center at `dcVersion`; both with the control API on one port.
 */
export function startEmulator(options: DcEmulatorOptions): Promise<RunningDcEmulator>;
export function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator>;
export function startEmulator(
  options: EmulatorOptions | DcEmulatorOptions = {},
): Promise<RunningEmulator | RunningDcEmulator> {
  return options.flavor === 'datacenter' ? startDcEmulator(options) : startCloudEmulator(options);
}

async function startCloudEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  let size: SizeProfile = options.size ?? 'small';
  let seed = options.seed ?? 1;
  const traffic: TrafficShape = { latencyMs: options.latencyMs ?? 0, rateLimit: options.rateLimit ?? 0 };
  const context: EmulatorContext = {
    state: seedSite({ size, seed }),
    faults: new FaultPlan(traffic),
    counters: new RequestCounters(),
  };
  const reset = (nextSize?: string, nextSeed?: number): void => {
    if (nextSize !== undefined && (SIZE_PROFILES as string[]).includes(nextSize))
      size = nextSize as SizeProfile;
    if (nextSeed !== undefined) seed = nextSeed;
    context.state = seedSite({ size, seed });
    context.counters.reset();
    context.faults.clear();
  };
  for (const rule of options.faults ?? []) context.faults.add(rule);
  context.state.credentials.revoked = new Set(options.revoked ?? []);
  const app: FastifyInstance = buildEmulatorApp(context, reset);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    get state() {
      return context.state;
    },
    context,
    connectorConfig: () => connectorConfigFor(url, context.state),
    reset,
    close: () => app.close(),
  };
}

function connectorConfigFor(url: string, state: SiteState): EmulatorConnectorConfig {
  const { credentials, site } = state;
  return {
    kind: 'cloud',
    site: { url, email: credentials.siteEmail, apiToken: credentials.siteApiToken },
    admin: { url, orgId: site.orgId, apiKey: credentials.adminApiKey },
    scim: { url, directoryId: site.directoryId, apiKey: credentials.scimKey },
    productGroup: state.defaultGroupName('user'),
  };
}
