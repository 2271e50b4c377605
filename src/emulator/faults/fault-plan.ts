import { Random } from '../seed/random.ts';

/**
 * The kinds of failure the emulator can inject. `truncate`, `malformed` and `slow` always act on
 * the answer, after the request took effect; `status` and `reset` act before it unless `after`.
 */
export type FaultKind = 'status' | 'reset' | 'truncate' | 'malformed' | 'slow';

/** One fault rule: what to do, to which requests, and for how many or what share of them. */
export interface FaultRule {
  kind: FaultKind;
  /** For `status`: the HTTP status to answer (5xx, or 429 with Retry-After). */
  status?: number;
  /** Only requests whose path starts with this prefix (default: every API request). */
  pathPrefix?: string;
  /** Only requests with this method. */
  method?: string;
  /** Apply to the next N matching requests, then stop. */
  count?: number;
  /** Or apply to this share (0..1) of matching requests, drawn from a seeded generator. */
  rate?: number;
  /** Let the first N matching requests through before the rule starts to fire (the second write fails). */
  skip?: number;
  /** For 429 and 503: the Retry-After seconds to send (default 1). */
  retryAfterSeconds?: number;
  /**
   * For `status` and `reset`: let the request take effect first, then answer with the fault, so the
   * answer to a write is lost although the write happened (a gateway timing out, a dropped link).
   */
  after?: boolean;
  /** For `slow`: how long to hold the answer after the request took effect (default 60,000 ms). */
  delayMs?: number;
}

/** Standing conditions: latency on every request and a requests-per-second limit. */
export interface TrafficShape {
  latencyMs: number;
  /** Requests per second before answering 429; 0 means unlimited. */
  rateLimit: number;
}

/** Decides, per request, which fault (if any) applies; rules are consumed in the order they were added. */
export class FaultPlan {
  private rules: Array<FaultRule & { remaining: number; skipping: number }> = [];
  private random: Random;

  constructor(
    readonly traffic: TrafficShape = { latencyMs: 0, rateLimit: 0 },
    seed = 7,
  ) {
    this.random = new Random(seed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.count ?? Number.POSITIVE_INFINITY, skipping: rule.skip ?? 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, skipping, ...rule }) => ({
      ...rule,
      ...(rule.skip === undefined ? {} : { skip: skipping }),
      ...(Number.isFinite(remaining) ? { count: remaining } : {}),
    }));
  }

  /** The fault for this request, if any; a rule with a count is used up as it fires. */
  take(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.skipping > 0) {
        rule.skipping--;
        continue;
      }
      if (rule.rate !== undefined && !this.random.chance(rule.rate)) continue;
      rule.remaining--;
      return rule;
    }
    return undefined;
  }
}
