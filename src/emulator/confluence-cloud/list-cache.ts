import type { SiteState } from '../state/cloud/site-state.ts';

/**
 * Computes an ordered, filtered list once per state and write: paging through a large site asks for
 * the same list once per page, so the state keeps it until it next changes (a reseed replaces the
 * state, which drops the list with it).
 */
export function cachedList<T>(state: SiteState, key: string, compute: () => T[]): T[] {
  return state.derived.get(key, compute);
}
