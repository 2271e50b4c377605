import type { EntitlementRecord, ListFrame } from '../../connector/index.ts';
import { snapshot } from '../http/call-stats.ts';
import { createTransport, type TransportOptions } from '../http/transport.ts';
import { runList } from '../kit/list-run.ts';
import type { MeteredConnector } from '../metered-connector.ts';
import { createAccount, deleteAccount } from './account-lifecycle.ts';
import { readAccount } from './account-lookup.ts';
import { readAccounts } from './account-reader.ts';
import { setEnabled, updateAccount } from './account-writer.ts';
import { cloudTransportSettings } from './cloud-apis.ts';
import type { CloudConnectorConfig } from './config.ts';
import { testConnection } from './connection-test.ts';
import type { CloudContext } from './context.ts';
import { readEntitlement, readGroups, readSpaces } from './entitlements.ts';
import { cloudManifest } from './manifest.ts';

/** Builds the Confluence Cloud connector over one transport (options carry a fetch and a call observer). */
export function createCloudConnector(
  config: Readonly<CloudConnectorConfig>,
  options: TransportOptions = {},
): MeteredConnector {
  const ctx: CloudContext = {
    config,
    transport: createTransport(cloudTransportSettings(config), options),
    recent: { carrying: new Map(), spaces: new Map() },
    scans: { snapshot: undefined, generation: 0 },
  };
  return {
    manifest: () => cloudManifest(config),
    testConnection: () => testConnection(ctx),
    listAccounts: (list = {}) =>
      runList(ctx, 'accounts', readAccounts(ctx, list.signal, 'accounts'), list.state, list.signal),
    getAccount: (key, options) => readAccount(ctx, key, undefined, options),
    createAccount: (input) => createAccount(ctx, input),
    updateAccount: (key, changes) => updateAccount(ctx, key, changes),
    disableAccount: (key) => setEnabled(ctx, key, false),
    enableAccount: (key) => setEnabled(ctx, key, true),
    deleteAccount: (key) => deleteAccount(ctx, key),
    listEntitlements: (type, list = {}) =>
      (type === 'group'
        ? runList(ctx, 'group', readGroups(ctx, list.signal, 'group'), list.state, list.signal)
        : runList(
            ctx,
            'space',
            readSpaces(ctx, list.signal, 'space'),
            list.state,
            list.signal,
          )) as AsyncIterable<ListFrame<EntitlementRecord>>,
    getEntitlement: (type, key) => readEntitlement(ctx, type, key),
    callStats: () => snapshot(ctx.transport.stats),
  };
}
