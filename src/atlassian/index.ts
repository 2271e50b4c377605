export { type CloudConnector, createCloudConnector } from './cloud/cloud-connector.ts';
export { type CloudConnectorConfig, type ExtraAttribute, parseConnectorConfig } from './config.ts';
export type { CallStats } from './http/call-stats.ts';
export type { CallEvent, TransportOptions } from './http/transport.ts';
