export { CONNECTOR_COMMANDS, type ConnectorCommand } from './commands.ts';
export type { Connector, ListOptions, ReadOptions } from './contract.ts';
export {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  type ConnectorErrorCode,
  type ConnectorErrorJson,
  toConnectorError,
} from './errors.ts';
export type { ConnectorManifest, SchemaAttribute } from './manifest.ts';
export {
  PERMISSION_OPTIONS,
  type PermissionOption,
  type PermissionOptionId,
  parseSpacePermissionValue,
  permissionOption,
  type RiskLevel,
  sortOptions,
  spacePermissionValue,
} from './permission-options.ts';
export type {
  AccountAttributes,
  AccountRecord,
  AccountStatus,
  AttributeChange,
  ConnectionReport,
  DeltaState,
  EntitlementRecord,
  EntitlementType,
  GroupEntitlement,
  ListFrame,
  RunStats,
  SpaceEntitlement,
  SpaceGrant,
  SpaceOption,
} from './records.ts';
