import type { EntitlementRecord, ListFrame } from '../../connector/index.ts';
import { snapshot } from '../http/call-stats.ts';
import { createTransport, type TransportOptions } from '../http/transport.ts';
import { runList } from '../kit/list-run.ts';
import type { MeteredConnector } from '../metered-connector.ts';
import { createAccount, deleteAccount } from './account-lifecycle.ts';
import { readAccount } from './account-lookup.ts';
import { readAccounts } from './account-reader.ts';
import { setEnabled, updateAccount } from './account-writer.ts';
import type { DataCenterConnectorConfig } from './config.ts';
import { testConnection } from './connection-test.ts';
import type { DcContext } from './context.ts';
import { dcTransportSettings } from './dc-apis.ts';
import { readEntitlement, readGroups, readSpaces } from './entitlements.ts';
import { dataCenterManifest } from './manifest.ts';
import { detectCapabilities, memoized } from './version.ts';

/**
 * Builds the Confluence Server / Data Center connector over one transport. The first call signs in
 * and detects the version; REST or JSON-RPC is then chosen per endpoint family by that version.
 */
export function createDataCenterConnector(
  config: Readonly<DataCenterConnectorConfig>,
  options: TransportOptions = {},
): MeteredConnector {
  const transport = createTransport(dcTransportSettings(config), options);
  const ctx: DcContext = {
    config,
    transport,
    capabilities: memoized(() => detectCapabilities({ config, transport })),
    userKeys: new Map(),
  };
  const ready = async <T>(run: () => Promise<T>): Promise<T> => {
    await ctx.capabilities();
    return run();
  };
  async function* readyList<T>(frames: () => AsyncIterable<T>): AsyncGenerator<T> {
    await ctx.capabilities();
    yield* frames();
  }
  return {
    manifest: () => dataCenterManifest(config),
    testConnection: () => testConnection(ctx),
    listAccounts: (list = {}) =>
      readyList(() => runList(ctx, 'accounts', readAccounts(ctx, list.signal), list.state, list.signal)),
    getAccount: (key, options) => ready(() => readAccount(ctx, key, undefined, options)),
    createAccount: (input) => ready(() => createAccount(ctx, input)),
    updateAccount: (key, changes) => ready(() => updateAccount(ctx, key, changes)),
    disableAccount: (key) => ready(() => setEnabled(ctx, key, false)),
    enableAccount: (key) => ready(() => setEnabled(ctx, key, true)),
    deleteAccount: (key) => ready(() => deleteAccount(ctx, key)),
    listEntitlements: (type, list = {}) =>
      readyList<ListFrame<EntitlementRecord>>(
        () =>
          (type === 'group'
            ? runList(ctx, 'group', readGroups(ctx, list.signal), list.state, list.signal)
            : runList(ctx, 'space', readSpaces(ctx, list.signal), list.state, list.signal)) as AsyncIterable<
            ListFrame<EntitlementRecord>
          >,
      ),
    getEntitlement: (type, key) => ready(() => readEntitlement(ctx, type, key)),
    callStats: () => snapshot(ctx.transport.stats),
  };
}
