export {
  type EmulatorConnectorConfig,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './emulator.ts';
export type { FaultRule } from './faults/fault-plan.ts';
export { parseFaultSpec } from './faults/fault-rule.ts';
export { SIZE_PROFILES, type SizeProfile } from './seed/profiles.ts';
export type { Account, Group, Space, SpacePermission, WriteLogEntry } from './state/model.ts';
export type { SiteState } from './state/site-state.ts';
