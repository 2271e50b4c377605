import type { FaultRule } from './faults/fault-plan.ts';
import type { SizeProfile } from './seed/profiles.ts';

/** How to start an emulator: where to listen, what to seed, and the standing traffic shape. */
export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  size?: SizeProfile;
  seed?: number;
  latencyMs?: number;
  rateLimit?: number;
  /** Faults in force from the start (a reset clears them, as it clears those added later). */
  faults?: FaultRule[];
  /** Credentials revoked from the start: their API answers 401. */
  revoked?: Array<'site' | 'admin' | 'scim'>;
  /** `cloud` (the default) or `datacenter` (then see `DcEmulatorOptions`). */
  flavor?: 'cloud';
}
