import type { DriftActor, DriftReader, DriftState } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';

/** The principal as the core's drift rules see them. */
export function driftReaderOf(principal: Principal): DriftReader {
  return { administrator: hasRole(principal, 'administrator'), auditor: hasRole(principal, 'auditor') };
}

/** The principal as one who may accept or revert drift: their name, and whether they administer. */
export function driftActorOf(principal: Principal): DriftActor {
  return { id: principal.name, administrator: hasRole(principal, 'administrator') };
}

/** A state filter as the store takes it: `all` is no filter. */
export function stateOf(state: DriftState | 'all'): DriftState | undefined {
  return state === 'all' ? undefined : state;
}
