import type { ApiName } from './endpoints.ts';

/** Running totals of HTTP calls: every attempt counts as a call, every repeat also as a retry. */
export interface CallStats {
  apiCalls: number;
  retries: number;
  byApi: Record<ApiName, number>;
}

/** A fresh, zeroed CallStats. */
export function emptyCallStats(): CallStats {
  return { apiCalls: 0, retries: 0, byApi: { site: 0, admin: 0, scim: 0 } };
}

/** The calls made between two snapshots of the same counter. */
export function callsSince(now: CallStats, before: CallStats): CallStats {
  return {
    apiCalls: now.apiCalls - before.apiCalls,
    retries: now.retries - before.retries,
    byApi: {
      site: now.byApi.site - before.byApi.site,
      admin: now.byApi.admin - before.byApi.admin,
      scim: now.byApi.scim - before.byApi.scim,
    },
  };
}

/** A copy of the counter as it is now. */
export function snapshot(stats: CallStats): CallStats {
  return { ...stats, byApi: { ...stats.byApi } };
}
