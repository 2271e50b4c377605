/** Retry timing: exponential backoff with full jitter, capped, and never shorter than the server asks. */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait before retry number `attempt` (0-based): a uniform draw in
 * [0, min(max, base·2^attempt)] ("full jitter"), raised to the server's wait when it gave one.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  serverWaitMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = Math.floor(random() * ceiling);
  return serverWaitMs === undefined
    ? jittered
    : Math.max(jittered, Math.min(serverWaitMs, policy.maxDelayMs));
}

/**
 * The wait a response asks for, in ms: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (an ISO-8601 instant, as the admin API sends); undefined when neither is usable.
 */
export function serverWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null) {
    const at = /^\d+$/.test(reset) ? Number(reset) * (reset.length > 11 ? 1 : 1000) : Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/**
 * Whether a 429 says the whole budget is spent (`X-RateLimit-Remaining: 0`), so every caller must
 * wait, rather than that one call tripped a burst limit, when only that call waits its turn
 * (https://developer.atlassian.com/cloud/confluence/rate-limiting/).
 */
export function budgetSpent(headers: Headers): boolean {
  return headers.get('x-ratelimit-remaining')?.trim() === '0';
}
