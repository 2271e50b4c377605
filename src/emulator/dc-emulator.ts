import type { FastifyInstance } from 'fastify';
import type { DcContext } from './confluence-dc/index.ts';
import type { EmulatorOptions } from './emulator-options.ts';
import { FaultPlan, type TrafficShape } from './faults/fault-plan.ts';
import { buildDcEmulatorApp } from './http/dc-app.ts';
import { RequestCounters } from './http/request-counters.ts';
import { seedDataCenter } from './seed/datacenter/dc-seed.ts';
import { SIZE_PROFILES, type SizeProfile } from './seed/profiles.ts';
import type { DcState } from './state/datacenter/dc-state.ts';
import type { DcVersion } from './state/datacenter/model.ts';

/**
 * The connector configuration for a Data Center instance (docs/architecture.md, Emulator): the base
 * URL with the context path, the version the emulator answers as, and Basic or PAT credentials.
 */
export interface DcEmulatorConnectorConfig {
  kind: 'datacenter';
  baseUrl: string;
  version: string;
  auth: { type: 'basic'; username: string; password: string } | { type: 'pat'; token: string };
  /** The groups holding "Can use": the emulator knows them; a real instance before 9.2.5 has no API that tells. */
  accessGroups: string[];
}

/** How to start a Data Center emulator: the shared options plus the version and context path. */
export interface DcEmulatorOptions extends Omit<EmulatorOptions, 'revoked' | 'flavor'> {
  flavor: 'datacenter';
  dcVersion?: DcVersion;
  /** Defaults to `/confluence`; `''` serves at the root. */
  contextPath?: string;
  revoked?: Array<'basic' | 'pat'>;
}

/** A running Data Center emulator: its URL (origin), base URL (with the context path) and live state. */
export interface RunningDcEmulator {
  url: string;
  baseUrl: string;
  readonly state: DcState;
  readonly context: DcContext;
  connectorConfig(auth?: 'basic' | 'pat'): DcEmulatorConnectorConfig;
  /** Reseeds in place: a fresh instance of the same version, no faults, zeroed counters, an empty write log. */
  reset(size?: SizeProfile, seed?: number): void;
  close(): Promise<void>;
}

/** Seeds a Confluence Data Center instance and serves its REST, JSON-RPC and the control API on one port. */
export async function startDcEmulator(options: DcEmulatorOptions): Promise<RunningDcEmulator> {
  let size: SizeProfile = options.size ?? 'small';
  let seed = options.seed ?? 1;
  const version = options.dcVersion ?? '9.2';
  const contextPath = options.contextPath ?? '/confluence';
  const make = (): DcState => seedDataCenter({ size, seed, version, contextPath });
  const traffic: TrafficShape = { latencyMs: options.latencyMs ?? 0, rateLimit: options.rateLimit ?? 0 };
  const context: DcContext = {
    state: make(),
    faults: new FaultPlan(traffic),
    counters: new RequestCounters(),
  };
  const revoked = new Set(options.revoked ?? []);
  context.state.credentials.revoked = new Set(revoked);
  const reset = (nextSize?: string, nextSeed?: number): void => {
    if (nextSize !== undefined && (SIZE_PROFILES as string[]).includes(nextSize))
      size = nextSize as SizeProfile;
    if (nextSeed !== undefined) seed = nextSeed;
    context.state = make();
    context.counters.reset();
    context.faults.clear();
  };
  for (const rule of options.faults ?? []) context.faults.add(rule);
  const app: FastifyInstance = buildDcEmulatorApp(context, reset);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const baseUrl = `${url}${contextPath}`;
  return {
    url,
    baseUrl,
    get state() {
      return context.state;
    },
    context,
    connectorConfig: (auth = 'basic') => {
      const { credentials, instance } = context.state;
      return {
        kind: 'datacenter',
        baseUrl,
        version: instance.fullVersion,
        accessGroups: context.state.globalGrants.flatMap((grant) =>
          grant.permission === 'USECONFLUENCE' && grant.principal.type === 'group'
            ? [grant.principal.id]
            : [],
        ),
        auth:
          auth === 'pat'
            ? { type: 'pat', token: credentials.adminToken }
            : { type: 'basic', username: credentials.adminUsername, password: credentials.adminPassword },
      };
    },
    reset,
    close: () => app.close(),
  };
}
