import type { SiteState } from '../state/site-state.ts';

interface Entry {
  writes: number;
  value: unknown;
}

const caches = new WeakMap<SiteState, Map<string, Entry>>();

/**
 * Computes an ordered, filtered list once per state and write: paging through a large site asks for
 * the same list once per page, so the list is kept until the state next changes (`changeCount`, which
 * counts every mutation, logged or not; a reseed replaces the state, which drops its cache with it).
 */
export function cachedList<T>(state: SiteState, key: string, compute: () => T[]): T[] {
  let cache = caches.get(state);
  if (cache === undefined) {
    cache = new Map();
    caches.set(state, cache);
  }
  const writes = state.changeCount;
  const hit = cache.get(key);
  if (hit !== undefined && hit.writes === writes) return hit.value as T[];
  if (cache.size > 64) cache.clear();
  const value = compute();
  cache.set(key, { writes, value });
  return value;
}
