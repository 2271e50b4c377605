import type { Backoff } from '../../store/index.ts';
import { hmac, randomToken, safeEqual } from './secrets.ts';

/** The name of the cookie a browser gets after signing in, which exempts it from the username's back-off. */
export const DEVICE_COOKIE = 'sg_device';

/** Where the back-off is kept: the store, shared by every process. */
export interface BackoffStore {
  backoff(key: string, now: Date): Promise<Backoff | undefined>;
  recordFailure(key: string, now: Date, delayMs: (failures: number) => number): Promise<Backoff>;
  clearBackoff(key: string): Promise<void>;
}

/** How sign-in failures slow further attempts. */
export interface GuardOptions {
  store: BackoffStore;
  secret: string;
  /** Failures in a row before attempts are slowed (default 5). */
  freeFailures?: number;
  /** The longest wait between two checked attempts (default 5 minutes). */
  maxDelayMs?: number;
  now?: () => number;
}

/**
 * Per-username back-off with device cookies (OWASP Authentication Cheat Sheet, "device cookies"):
 * after `freeFailures` failures in a row, each further attempt must wait 1 s, 2 s, 4 s, … up to
 * `maxDelayMs`; attempts during the wait are refused without checking the password. A browser that
 * signed in as that person before carries a signed device cookie and is counted on its own, so
 * nobody else's failures can keep a person out of their usual browser; elsewhere the wait is bounded.
 */
export function createSignInGuard(options: GuardOptions) {
  const free = options.freeFailures ?? 5;
  const maxDelayMs = options.maxDelayMs ?? 300_000;
  const now = options.now ?? Date.now;
  const delayMs = (failures: number) =>
    failures < free ? 0 : Math.min(1000 * 2 ** (failures - free), maxDelayMs);
  const deviceSignature = (id: string, username: string) =>
    hmac(options.secret, `device:${id}:${username.trim().toLowerCase()}`);
  return {
    /** The back-off key for this attempt: the device, when its cookie was issued for this username; else the username. */
    keyFor(username: string, deviceCookie: string | undefined): string {
      const [id, signature] = (deviceCookie ?? '').split('.');
      if (id !== undefined && signature !== undefined && safeEqual(signature, deviceSignature(id, username)))
        return `device:${id}`;
      return `user:${hmac(options.secret, `user:${username.trim().toLowerCase()}`)}`;
    },
    /** Seconds to wait before this key may try again; 0 when it may try now. */
    async retryAfterSeconds(key: string): Promise<number> {
      const backoff = await options.store.backoff(key, new Date(now()));
      const wait = (backoff?.notBefore.getTime() ?? 0) - now();
      return wait > 0 ? Math.ceil(wait / 1000) : 0;
    },
    /** Counts a failed attempt for the key. */
    async failed(key: string): Promise<void> {
      await options.store.recordFailure(key, new Date(now()), delayMs);
    },
    /** Forgets the key's failures after a successful sign-in. */
    async succeeded(key: string): Promise<void> {
      await options.store.clearBackoff(key);
    },
    /** A new device cookie value for a browser that just signed in as the username. */
    deviceCookie(username: string): string {
      const id = randomToken(18);
      return `${id}.${deviceSignature(id, username)}`;
    },
  };
}

/** A sign-in guard. */
export type SignInGuard = ReturnType<typeof createSignInGuard>;
