import type { MeteredConnector } from '../../../src/atlassian/index.ts';
import type { AccountStatus, PermissionOptionId } from '../../../src/connector/index.ts';
import type { WriteLogEntry } from '../../../src/emulator/index.ts';

/** One account as the emulator holds it, in the connector's vocabulary. */
export interface TruthAccount {
  email: string;
  displayName: string;
  status: AccountStatus;
  department: string | null;
  /** Ids of the Confluence-carrying groups it is a direct member of, sorted. */
  groups: string[];
  /** Options it holds directly, as `SPACEKEY:option`, sorted. */
  spacePermissions: string[];
}

/**
 * What the emulator holds, read from its state and never through the connector: the answer a
 * connector's reads must equal and the place its writes must land.
 */
export interface SiteTruth {
  /** Keys of every account with Confluence. */
  accountKeys(): Set<string>;
  account(key: string): TruthAccount | undefined;
  /** The Confluence-carrying groups by id, with their name and the space permissions the group holds (sorted). */
  carryingGroups(): Map<string, { name: string; spacePermissions: string[] }>;
  isMember(groupId: string, accountKey: string): boolean;
  /** Every space by key, with its name. */
  spaces(): Map<string, { name: string }>;
  /** Who holds what in a space: `user:KEY`, `group:ID` or `anonymous`, options in screen order. */
  spaceGrants(spaceKey: string): Map<string, PermissionOptionId[]>;
  /** The options an account holds directly in one space, in screen order. */
  heldDirectly(spaceKey: string, accountKey: string): PermissionOptionId[];
  /** An active account of a person that has no Confluence (the guardrail's subject). */
  accountWithoutConfluence(): string;
  /** A group that carries no Confluence access. */
  groupWithoutConfluence(): string;
  /** An active person with ordinary Confluence use and a current global space where they hold nothing directly. */
  writableSubject(): { accountKey: string; spaceKey: string };
}

/** A running emulator of one flavour with a connector configured for it. */
export interface FlavourSite {
  connector: MeteredConnector;
  truth: SiteTruth;
  /** Calls the emulator's control API (`/_emulator/...`: faults, traffic, credentials). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Write-log entries after `since`, optionally for one account. */
  writes(since: number, accountKey?: string): Promise<WriteLogEntry[]>;
  /** The sequence number of the latest write so far. */
  lastWrite(): Promise<number>;
}

/** How the contract suite meets one flavour: start its emulator, make its connector, read its truth. */
export interface FlavourFixture {
  name: string;
  /** Options this flavour's API cannot grant or revoke (they must be refused `unsupported`). */
  unmanageable: readonly PermissionOptionId[];
  /**
   * Profile attributes this flavour's API writes, with a value to set; the first is also read back
   * from the site's truth (Cloud: department and job title through SCIM; Data Center: the full name).
   */
  profile: ReadonlyArray<{ attribute: 'department' | 'displayName' | 'jobTitle'; value: string }>;
  /** Starts an emulator on port 0 (closed after the test file); extra config keys override the emulator's. */
  start(options: { seed: number; config?: Record<string, unknown> }): Promise<FlavourSite>;
}
