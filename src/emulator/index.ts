export type {
  DcEmulatorConnectorConfig,
  DcEmulatorOptions,
  RunningDcEmulator,
} from './dc-emulator.ts';
export {
  type EmulatorConnectorConfig,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './emulator.ts';
export type { FaultRule } from './faults/fault-plan.ts';
export { parseFaultSpec } from './faults/fault-rule.ts';
export { SIZE_PROFILES, type SizeProfile } from './seed/profiles.ts';
export type { Account, Group, Space, SpacePermission, WriteLogEntry } from './state/cloud/model.ts';
export type { SiteState } from './state/cloud/site-state.ts';
export type { DcState } from './state/datacenter/dc-state.ts';
export type { DcVersion } from './state/datacenter/model.ts';
export { DC_VERSIONS } from './state/datacenter/versions.ts';
