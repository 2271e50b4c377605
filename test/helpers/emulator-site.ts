import { after, before, beforeEach } from 'node:test';
import {
  type EmulatorOptions,
  type RunningEmulator,
  type SiteState,
  startEmulator,
  type WriteLogEntry,
} from '../../src/emulator/index.ts';

/** How a test file runs its emulator: the start options, and whether each test gets a freshly seeded site. */
export interface SiteOptions extends EmulatorOptions {
  resetEachTest?: boolean;
}

/**
 * Starts an emulator on port 0 before the tests of the current suite and closes it after them
 * (reseeding it before each test when asked); the handle it returns reads the running one lazily.
 */
export function useEmulator(options: SiteOptions = {}): RunningEmulator {
  const { resetEachTest = false, ...start } = options;
  let running: RunningEmulator | undefined;
  const current = (): RunningEmulator => {
    if (running === undefined) throw new Error('the emulator starts in before(); use it inside a test');
    return running;
  };
  before(async () => {
    running = await startEmulator(start);
  });
  if (resetEachTest) beforeEach(() => current().reset(start.size, start.seed));
  after(() => current().close());
  return {
    get url(): string {
      return current().url;
    },
    get state(): SiteState {
      return current().state;
    },
    get context() {
      return current().context;
    },
    connectorConfig: () => current().connectorConfig(),
    reset: (size, seed) => current().reset(size, seed),
    close: () => current().close(),
  };
}

/** Marks the end of the write log now; the returned function lists the entries written since. */
export function watchWrites(emulator: RunningEmulator): () => WriteLogEntry[] {
  const { state } = emulator;
  const mark = state.writeLog.length;
  return () => state.writeLog.slice(mark);
}

/** Calls the emulator's control API (`/_emulator…`, no credentials), sending `body` as JSON. */
export function control(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
