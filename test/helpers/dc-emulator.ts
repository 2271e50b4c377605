import { after, before, beforeEach } from 'node:test';
import {
  type DcEmulatorOptions,
  type DcState,
  type RunningDcEmulator,
  startEmulator,
} from '../../src/emulator/index.ts';

/** A Data Center emulator for one test file, and the means to call it as a client would. */
export interface DcHandle {
  readonly emulator: RunningDcEmulator;
  readonly state: DcState;
  /** `Basic` for a user by username and password (the administrator when omitted). */
  basic(username?: string, password?: string): string;
  /** Calls `{baseUrl}{path}` with the administrator's Basic credentials unless `auth` is given (`''`: none). */
  rest(path: string, init?: { method?: string; body?: unknown; auth?: string }): Promise<Response>;
  /** Calls a JSON-RPC method (envelope mode) as the administrator unless `auth` is given. */
  rpc(
    method: string,
    params: unknown[],
    auth?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Starts a Data Center emulator on port 0 for the current suite (reseeded before each test when asked). */
export function useDcEmulator(
  options: Omit<DcEmulatorOptions, 'flavor'> & { resetEachTest?: boolean } = {},
): DcHandle {
  const { resetEachTest = false, ...start } = options;
  let running: RunningDcEmulator | undefined;
  const current = (): RunningDcEmulator => {
    if (running === undefined) throw new Error('the emulator starts in before(); use it inside a test');
    return running;
  };
  before(async () => {
    running = await startEmulator({ ...start, flavor: 'datacenter' });
  });
  if (resetEachTest) beforeEach(() => current().reset(start.size, start.seed));
  after(() => current().close());
  const basic = (username?: string, password?: string): string => {
    const { credentials } = current().state;
    const user = username ?? credentials.adminUsername;
    const secret = password ?? (username === undefined ? credentials.adminPassword : `${username}-pw`);
    return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  };
  const rest: DcHandle['rest'] = (path, init = {}) =>
    fetch(`${current().baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.auth === '' ? {} : { authorization: init.auth ?? basic() }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return {
    get emulator() {
      return current();
    },
    get state() {
      return current().state;
    },
    basic,
    rest,
    rpc: async (method, params, auth) => {
      const response = await rest('/rpc/json-rpc/confluenceservice-v2', {
        method: 'POST',
        body: { jsonrpc: '2.0', method, params, id: 7 },
        ...(auth === undefined ? {} : { auth }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}

/** Follows `_links.next` from a first page to the end, as atlassian-python-api's `_get_paged` does. */
export async function allPages<T>(dc: DcHandle, first: string): Promise<T[]> {
  const items: T[] = [];
  let path: string | undefined = first;
  while (path !== undefined) {
    const response = await dc.rest(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { results: T[]; size: number; _links: { next?: string } };
    if (page.size !== page.results.length)
      throw new Error(`${path}: size ${page.size} ≠ ${page.results.length}`);
    items.push(...page.results);
    path = page._links.next;
  }
  return items;
}
