import { after } from 'node:test';
import { createConnector, type MeteredConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import type { AccountRecord, EntitlementRecord, ListFrame } from '../../src/connector/index.ts';
import {
  type RunningEmulator,
  type SizeProfile,
  startEmulator,
  type WriteLogEntry,
} from '../../src/emulator/index.ts';

/** A running emulator with a connector configured for it, closed after the test file. */
export interface Fixture {
  emulator: RunningEmulator;
  connector: MeteredConnector;
  config: ReturnType<RunningEmulator['connectorConfig']>;
  /** Calls the emulator's control API. */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Write-log entries after `since` (optionally for one account). */
  writes(since: number, accountId?: string): Promise<WriteLogEntry[]>;
  /** The sequence number of the latest write so far. */
  lastWrite(): Promise<number>;
}

/** Starts an emulator on port 0 and a connector for it; extra config keys override the emulator's. */
export async function startFixture(
  options: { size?: SizeProfile; seed?: number; config?: Record<string, unknown> } = {},
): Promise<Fixture> {
  const emulator = await startEmulator({ size: options.size ?? 'small', seed: options.seed ?? 1, port: 0 });
  after(() => emulator.close());
  const config = emulator.connectorConfig();
  const connector = createConnector(
    parseConnectorConfig({ ...config, retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...options.config }),
  );
  return { emulator, connector, config, ...controlClient(emulator.url) };
}

/** The control API of an emulator of either flavour at `url` (its origin): raw calls and the write log. */
export function controlClient(url: string): Pick<Fixture, 'control' | 'writes' | 'lastWrite'> {
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  const writes = async (since: number, accountId?: string) => {
    const query = new URLSearchParams({
      since: String(since),
      ...(accountId === undefined ? {} : { accountId }),
    });
    const body = (await control('GET', `/writes?${query}`)) as { entries: WriteLogEntry[] };
    return body.entries;
  };
  const lastWrite = async () => (await writes(0)).reduce((max, entry) => Math.max(max, entry.seq), 0);
  return { control, writes, lastWrite };
}

/** Drains a list into its frames by type. */
export async function collect<T>(frames: AsyncIterable<ListFrame<T>>) {
  const items: T[] = [];
  const removed: string[] = [];
  const failures: Array<Extract<ListFrame<T>, { type: 'failure' }>> = [];
  let state: Extract<ListFrame<T>, { type: 'state' }> | undefined;
  for await (const frame of frames) {
    if (frame.type === 'item') items.push(frame.item);
    else if (frame.type === 'removed') removed.push(frame.key);
    else if (frame.type === 'failure') failures.push(frame);
    else state = frame;
  }
  if (state === undefined) throw new Error('list ended without a state frame');
  return { items, removed, failures, state };
}

/** The accounts the emulator says have Confluence: people (atlassian accounts) holding a Confluence role. */
export function confluenceAccountIds(emulator: RunningEmulator): Set<string> {
  const { state } = emulator;
  return new Set(
    [...state.accounts.values()]
      .filter(
        (account) => account.accountType === 'atlassian' && state.hasProduct(account.accountId, 'confluence'),
      )
      .map((account) => account.accountId),
  );
}

/** An atlassian account without Confluence (Jira-only, say), for guardrail tests. */
export function accountWithoutConfluence(emulator: RunningEmulator): string {
  const { state } = emulator;
  const found = [...state.accounts.values()].find(
    (account) =>
      account.accountType === 'atlassian' &&
      account.accountStatus === 'active' &&
      !state.hasProduct(account.accountId, 'confluence'),
  );
  if (found === undefined) throw new Error('the seed has no account without Confluence');
  return found.accountId;
}

/** Sorts records by key, for comparing two lists. */
export function byKey<T extends AccountRecord | EntitlementRecord>(records: T[]): T[] {
  return [...records].sort((a, b) => a.key.localeCompare(b.key));
}
