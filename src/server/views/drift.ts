import type { DriftReader } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';

/** The principal as the core's drift rules see them. */
export function driftReaderOf(principal: Principal): DriftReader {
  return { administrator: hasRole(principal, 'administrator'), auditor: hasRole(principal, 'auditor') };
}
