/** The SailPoint SaaS Connectivity commands (`StandardCommand`) a Spacegate connector answers. */
export const CONNECTOR_COMMANDS = [
  'std:test-connection',
  'std:account:list',
  'std:account:read',
  'std:account:create',
  'std:account:update',
  'std:account:disable',
  'std:account:enable',
  'std:account:delete',
  'std:entitlement:list',
  'std:entitlement:read',
] as const;

/** One of the commands above. */
export type ConnectorCommand = (typeof CONNECTOR_COMMANDS)[number];
