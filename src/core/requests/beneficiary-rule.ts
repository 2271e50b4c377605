import type { Identity } from '../model.ts';

/** Who asks to request access: whether they administer, and the identity they act as (if any). */
export interface Asker {
  administrator: boolean;
  identity: Identity | undefined;
}

/**
 * Whether the asker may request access for the beneficiary (docs/configuration.md, Roles): an
 * administrator for anyone (the request service then refuses unknown people and leavers with the
 * reason); anyone for themselves; a manager for each active identity whose `managerId` is theirs;
 * nobody else. Callers answer a refusal the same way whether or not the beneficiary exists, so the
 * rule cannot be used to probe the HR directory.
 */
export function mayRequestFor(asker: Asker, beneficiary: Identity | undefined): boolean {
  if (asker.administrator) return true;
  const me = asker.identity;
  if (me === undefined || beneficiary === undefined) return false;
  if (beneficiary.id === me.id) return true;
  return beneficiary.status === 'active' && beneficiary.managerId === me.id;
}
