import { faultsAreAbsorbed } from './faults.ts';
import type { FlavourFixture } from './flavour.ts';
import { accountReadsEqualTheSite, entitlementReadsEqualTheSite } from './reads.ts';
import { writesAreGuardedAndIdempotent } from './writes.ts';

/**
 * The connector contract every flavour must pass, against its own emulator: reads equal the site,
 * the guardrail holds, writes are idempotent, faults are absorbed. One call per flavour.
 */
export function connectorContract(flavour: FlavourFixture): void {
  accountReadsEqualTheSite(flavour);
  entitlementReadsEqualTheSite(flavour);
  writesAreGuardedAndIdempotent(flavour);
  faultsAreAbsorbed(flavour);
}
