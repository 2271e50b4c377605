export { type OpenedStore, type OpenStoreOptions, openStore } from './open-store.ts';
export type { MailOutbox, OutboxMail, OutboxPage } from './repositories/mail-outbox.ts';
export type { Backoff, SignInState } from './repositories/sign-in-state.ts';
