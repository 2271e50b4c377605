/** The outcome of asking the limiter for one request. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends. */
  resetAt: Date;
  retryAfterSeconds: number;
}

/** A fixed one-second window limiter, as Atlassian's burst limits behave from a client's view. */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(): RateDecision {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now - (now % 1_000);
      this.used = 0;
    }
    this.used++;
    const resetAt = new Date(this.windowStart + 1_000);
    const allowed = this.used <= this.perSecond;
    return {
      allowed,
      limit: this.perSecond,
      remaining: Math.max(0, this.perSecond - this.used),
      resetAt,
      retryAfterSeconds: 1,
    };
  }
}
