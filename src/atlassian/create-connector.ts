import { createCloudConnector } from './cloud/cloud-connector.ts';
import type { ConnectorConfig } from './connector-config.ts';
import { createDataCenterConnector } from './datacenter/datacenter-connector.ts';
import type { TransportOptions } from './http/transport.ts';
import type { MeteredConnector } from './metered-connector.ts';

/**
 * Builds the connector for a parsed configuration, choosing the flavour by `kind` (options carry
 * a fetch and a call observer): `cloud` or `datacenter` (Server and Data Center).
 */
export function createConnector(
  config: Readonly<ConnectorConfig>,
  options: TransportOptions = {},
): MeteredConnector {
  switch (config.kind) {
    case 'cloud':
      return createCloudConnector(config, options);
    case 'datacenter':
      return createDataCenterConnector(config, options);
  }
}
