/** Running totals of HTTP calls: every attempt counts as a call, every repeat also as a retry. */
export interface CallStats {
  apiCalls: number;
  retries: number;
  /** Attempts per API, by the API's name; every API the transport knows has an entry. */
  byApi: Record<string, number>;
}

/** A fresh, zeroed CallStats with an entry for each API name. */
export function emptyCallStats(apiNames: readonly string[]): CallStats {
  return { apiCalls: 0, retries: 0, byApi: Object.fromEntries(apiNames.map((name) => [name, 0])) };
}

/** The calls made between two snapshots of the same counter. */
export function callsSince(now: CallStats, before: CallStats): CallStats {
  return {
    apiCalls: now.apiCalls - before.apiCalls,
    retries: now.retries - before.retries,
    byApi: Object.fromEntries(
      Object.entries(now.byApi).map(([name, calls]) => [name, calls - (before.byApi[name] ?? 0)]),
    ),
  };
}

/** A copy of the counter as it is now. */
export function snapshot(stats: CallStats): CallStats {
  return { ...stats, byApi: { ...stats.byApi } };
}
