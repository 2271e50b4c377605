import type { Connector, ListFrame } from '../../connector/index.ts';

/** Receives what a list streams and each API call, to show an aggregation's progress. */
export interface ListProgressSink {
  item(list: 'accounts' | 'group' | 'space'): void;
  apiCall(): void;
}

async function* observe<T>(
  frames: AsyncIterable<ListFrame<T>>,
  list: 'accounts' | 'group' | 'space',
  sink: () => ListProgressSink | undefined,
): AsyncIterable<ListFrame<T>> {
  for await (const frame of frames) {
    if (frame.type === 'item') sink()?.item(list);
    yield frame;
  }
}

/**
 * Wraps a connector so that list progress goes to the current sink (the running aggregation).
 * API calls are counted by the transport's observer (see `runtime.ts`). Behaviour is unchanged.
 */
export function instrumentConnector(inner: Connector): {
  connector: Connector;
  setSink(sink: ListProgressSink | undefined): void;
  sink(): ListProgressSink | undefined;
} {
  let current: ListProgressSink | undefined;
  const sink = () => current;
  const connector: Connector = {
    ...bindAll(inner),
    listAccounts: (options) => observe(inner.listAccounts(options), 'accounts', sink),
    listEntitlements: (type, options) => observe(inner.listEntitlements(type, options), type, sink),
  };
  return { connector, setSink: (next) => (current = next), sink };
}

function bindAll(inner: Connector): Connector {
  return {
    manifest: () => inner.manifest(),
    testConnection: () => inner.testConnection(),
    listAccounts: (options) => inner.listAccounts(options),
    listEntitlements: (type, options) => inner.listEntitlements(type, options),
    getAccount: (key) => inner.getAccount(key),
    createAccount: (input) => inner.createAccount(input),
    updateAccount: (key, changes) => inner.updateAccount(key, changes),
    disableAccount: (key) => inner.disableAccount(key),
    enableAccount: (key) => inner.enableAccount(key),
    deleteAccount: (key) => inner.deleteAccount(key),
    getEntitlement: (type, key) => inner.getEntitlement(type, key),
  };
}
