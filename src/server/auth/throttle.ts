/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one username (from anywhere)
 * within `windowMs`, that username is refused until the window passes. In memory, per process.
 */
export function createSignInThrottle(
  options: { maxFailures?: number; windowMs?: number; now?: () => number } = {},
) {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = now() - windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    /** Whether sign-in for this username is refused for now. */
    blocked(username: string): boolean {
      return recent(username.trim().toLowerCase()).length >= maxFailures;
    },
    /** Records a failed attempt. */
    failed(username: string): void {
      const key = username.trim().toLowerCase();
      failures.set(key, [...recent(key), now()]);
    },
    /** Forgets the failures after a successful sign-in. */
    succeeded(username: string): void {
      failures.delete(username.trim().toLowerCase());
    },
  };
}
