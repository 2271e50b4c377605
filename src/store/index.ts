export { type OpenedStore, type OpenStoreOptions, openStore } from './open-store.ts';
