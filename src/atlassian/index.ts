export { type ConnectorConfig, parseConnectorConfig } from './connector-config.ts';
export { createConnector } from './create-connector.ts';
export type { CallStats } from './http/call-stats.ts';
export type { CallEvent, TransportOptions } from './http/transport.ts';
export type { MeteredConnector } from './metered-connector.ts';
