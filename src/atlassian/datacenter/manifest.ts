import type { ConnectorManifest } from '../../connector/index.ts';
import { schemaAttribute as attr, connectorManifest } from '../kit/manifest.ts';
import { type DataCenterConnectorConfig, dataCenterConfigSchema } from './config.ts';

/** The manifest of the Data Center connector for a configuration (extras included). */
export function dataCenterManifest(config: Readonly<DataCenterConnectorConfig>): ConnectorManifest {
  return connectorManifest({
    name: 'spacegate-confluence-datacenter',
    accountAttributes: [
      attr('userKey', 'Data Center userKey (the stable key)'),
      attr('username', 'Username (mutable, lower-case)'),
      attr('email', 'Email address, the unique identifier (case-insensitive)'),
      attr('firstName', 'Given name (not exposed by Data Center APIs: null)'),
      attr('lastName', 'Family name (not exposed by Data Center APIs: null)'),
      attr('displayName', 'Full name'),
      attr('department', 'Department (not exposed by Data Center APIs: null)'),
      attr('jobTitle', 'Job title (not exposed by Data Center APIs: null)'),
      attr('status', 'Account status: active or inactive'),
    ],
    groupsHeld: 'Groups holding "Can use" the account is a member of (names)',
    extras: config.extraAttributes,
    group: {
      id: 'Group name (Data Center groups have no other id)',
      role: 'Confluence role the group carries: user',
    },
    spaceTypes: 'global or personal',
    configSchema: dataCenterConfigSchema,
  });
}
