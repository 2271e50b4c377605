import type { ConnectorManifest } from './manifest.ts';
import type {
  AccountRecord,
  AttributeChange,
  ConnectionReport,
  DeltaState,
  EntitlementRecord,
  EntitlementType,
  ListFrame,
} from './records.ts';

/** Options for a streamed list; `state` from an earlier run makes it a delta. */
export interface ListOptions {
  state?: DeltaState;
  signal?: AbortSignal;
}

/** Limits a read to what the caller needs. */
export interface ReadOptions {
  /**
   * Read direct space permissions only in these spaces (one listing each instead of a scan of every
   * space; `[]` reads none). The record then carries `scope` naming the spaces it covers.
   */
  spaces?: readonly string[];
}

/**
 * The connector contract, in SailPoint SaaS Connectivity's vocabulary (`std:account:list`, …).
 * Every write to an existing account first checks that it has Confluence product access and
 * otherwise throws `guardrail`; every write is idempotent. Errors are `ConnectorError`.
 */
export interface Connector {
  manifest(): ConnectorManifest;
  /** `std:test-connection`: reaches every API the connector uses with the configured credentials. */
  testConnection(): Promise<ConnectionReport>;
  /** `std:account:list`: accounts with Confluence product access only, streamed. */
  listAccounts(options?: ListOptions): AsyncIterable<ListFrame<AccountRecord>>;
  /** `std:account:read`: by accountId; `not_found` when absent or without Confluence. */
  getAccount(key: string, options?: ReadOptions): Promise<AccountRecord>;
  /** `std:account:create`: creates, or adopts the account with that email, and gives it Confluence. */
  createAccount(input: { identity: string; attributes: Record<string, unknown> }): Promise<AccountRecord>;
  /**
   * `std:account:update`: attribute, group and space-permission changes; `changed` is false when
   * nothing was written, `writes` (where the adapter counts them) how many writes it sent. The account
   * returned is read back scoped to the spaces the changes touched.
   */
  updateAccount(
    key: string,
    changes: AttributeChange[],
  ): Promise<{ changed: boolean; writes?: number; account: AccountRecord }>;
  /** `std:account:disable`. */
  disableAccount(key: string): Promise<AccountRecord>;
  /** `std:account:enable`. */
  enableAccount(key: string): Promise<AccountRecord>;
  /** `std:account:delete`: removes all Confluence access (groups, direct space permissions), then deactivates if configured. */
  deleteAccount(key: string): Promise<void>;
  /** `std:entitlement:list`. */
  listEntitlements(type: EntitlementType, options?: ListOptions): AsyncIterable<ListFrame<EntitlementRecord>>;
  /** `std:entitlement:read`. */
  getEntitlement(type: EntitlementType, key: string): Promise<EntitlementRecord>;
}
