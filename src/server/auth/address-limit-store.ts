import type { SignInState } from '../../store/index.ts';

/** What `@fastify/rate-limit` calls on its store: count one hit, answer the count and the ms left. */
type Reply = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A `@fastify/rate-limit` store on Spacegate's store (`sign_in_attempts`), so the per-address
 * sign-in limit is one count for every process, not one per process. Fixed windows.
 */
export function addressLimitStore(state: SignInState) {
  return class AddressLimitStore {
    /** Counts a hit for the key in its window. */
    incr(key: string, reply: Reply, timeWindow: number): void {
      state.countAttempt(`address:${key}`, new Date(), timeWindow).then(
        (result) => reply(null, result),
        (error: unknown) => reply(error instanceof Error ? error : new Error(String(error))),
      );
    }
    /** The same store serves every route (the key carries the address only: sign-in is the one limited route). */
    child(): AddressLimitStore {
      return this;
    }
  };
}
