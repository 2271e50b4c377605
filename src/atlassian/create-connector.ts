import { ConnectorError } from '../connector/index.ts';
import { createCloudConnector } from './cloud/cloud-connector.ts';
import type { ConnectorConfig } from './connector-config.ts';
import type { TransportOptions } from './http/transport.ts';
import type { MeteredConnector } from './metered-connector.ts';

/**
 * Builds the connector for a parsed configuration, choosing the flavour by `kind` (options carry
 * a fetch and a call observer). The Data Center flavour is not built yet: it fails `unsupported`.
 */
export function createConnector(
  config: Readonly<ConnectorConfig>,
  options: TransportOptions = {},
): MeteredConnector {
  switch (config.kind) {
    case 'cloud':
      return createCloudConnector(config, options);
    case 'datacenter':
      throw new ConnectorError(
        'unsupported',
        'the Confluence Data Center connector is not available yet: configurations of kind "datacenter" are parsed and checked but cannot be connected',
        { details: { kind: config.kind } },
      );
  }
}
