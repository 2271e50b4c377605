/** Answers kept for a moment: a promise per key with the time it stops being reused. */
export type RecentAnswers<T> = Map<string, { until: number; value: Promise<T> }>;

/** How many keys one cache keeps; beyond it, the oldest go first. */
const MAX_KEPT = 1_000;

/**
 * The answer for `key` if it was asked for within `ttlMs`, else `load()` now (concurrent callers
 * share one load). A failed load is not kept, so the next caller asks again.
 */
export function reuseBriefly<T>(
  cache: RecentAnswers<T>,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const now = Date.now();
  const kept = cache.get(key);
  if (kept !== undefined && kept.until > now) return kept.value;
  cache.delete(key);
  if (cache.size >= MAX_KEPT) cache.delete(cache.keys().next().value ?? '');
  const value = load();
  cache.set(key, { until: now + ttlMs, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}
