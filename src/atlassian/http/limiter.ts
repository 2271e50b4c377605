/** A concurrency limiter whose limit adapts: halves on rate limiting, grows back by one as calls succeed. */
export interface AdaptiveLimiter {
  /** Waits for a slot (and for any server-requested pause) and returns its release function. */
  acquire(): Promise<() => void>;
  /** Reports a rate-limited response: shrinks the limit and pauses everyone for `pauseMs` (0: nobody else waits). */
  throttled(pauseMs: number): void;
  /** Reports a successful call: after `limit` successes in a row the limit grows by one. */
  succeeded(): void;
  /** The current limit (for stats and tests). */
  readonly limit: number;
}

/** Creates an AIMD limiter between 1 and `max` concurrent calls, starting at `max`. */
export function createAdaptiveLimiter(max: number, sleep = defaultSleep): AdaptiveLimiter {
  let limit = max;
  let active = 0;
  let streak = 0;
  let pausedUntil = 0;
  const waiting: Array<() => void> = [];

  const pump = (): void => {
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()?.();
    }
  };

  const release = (): void => {
    active--;
    pump();
  };

  return {
    get limit() {
      return limit;
    },
    async acquire() {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      const pause = pausedUntil - Date.now();
      if (pause > 0) await sleep(pause);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    },
    throttled(pauseMs) {
      limit = Math.max(1, Math.floor(limit / 2));
      streak = 0;
      pausedUntil = Math.max(pausedUntil, Date.now() + pauseMs);
    },
    succeeded() {
      if (limit >= max) return;
      streak++;
      if (streak >= limit) {
        streak = 0;
        limit++;
        pump();
      }
    },
  };
}

/** Resolves after `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
