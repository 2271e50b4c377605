export { type OpenedStore, type OpenStoreOptions, openStore } from './open-store.ts';
export type { Backoff, SignInState } from './repositories/sign-in-state.ts';
