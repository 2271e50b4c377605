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
    listAccounts: (...args) => observe(inner.listAccounts(...args), 'accounts', sink),
    listEntitlements: (...args) => observe(inner.listEntitlements(...args), args[0], sink),
  };
  return { connector, setSink: (next) => (current = next), sink };
}

/** Forwards every call with all its arguments, so the wrapper follows the contract as it grows. */
function bindAll(inner: Connector): Connector {
  return {
    manifest: (...args) => inner.manifest(...args),
    testConnection: (...args) => inner.testConnection(...args),
    listAccounts: (...args) => inner.listAccounts(...args),
    listEntitlements: (...args) => inner.listEntitlements(...args),
    getAccount: (...args) => inner.getAccount(...args),
    createAccount: (...args) => inner.createAccount(...args),
    updateAccount: (...args) => inner.updateAccount(...args),
    disableAccount: (...args) => inner.disableAccount(...args),
    enableAccount: (...args) => inner.enableAccount(...args),
    deleteAccount: (...args) => inner.deleteAccount(...args),
    getEntitlement: (...args) => inner.getEntitlement(...args),
  };
}
