import { z } from 'zod';
import { CONNECTOR_COMMANDS, type ConnectorManifest, type SchemaAttribute } from '../../connector/index.ts';
import { type DataCenterConnectorConfig, dataCenterConfigSchema } from './config.ts';

const attr = (name: string, description: string, more: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  name,
  type: 'string',
  description,
  ...more,
});

/** The manifest of the Data Center connector for a configuration (extras included). */
export function dataCenterManifest(config: Readonly<DataCenterConnectorConfig>): ConnectorManifest {
  return {
    name: 'spacegate-confluence-datacenter',
    version: '0.1.0',
    keyType: 'simple',
    supportsStatefulCommands: true,
    commands: [...CONNECTOR_COMMANDS],
    accountSchema: {
      displayAttribute: 'displayName',
      identityAttribute: 'email',
      groupAttribute: 'groups',
      attributes: [
        attr('userKey', 'Data Center userKey (the stable key)'),
        attr('username', 'Username (mutable, lower-case)'),
        attr('email', 'Email address, the unique identifier (case-insensitive)'),
        attr('firstName', 'Given name (not exposed by Data Center APIs: null)'),
        attr('lastName', 'Family name (not exposed by Data Center APIs: null)'),
        attr('displayName', 'Full name'),
        attr('department', 'Department (not exposed by Data Center APIs: null)'),
        attr('jobTitle', 'Job title (not exposed by Data Center APIs: null)'),
        attr('status', 'Account status: active or inactive'),
        attr('groups', 'Groups holding "Can use" the account is a member of (names)', {
          multi: true,
          entitlement: true,
          managed: true,
          schemaObjectType: 'group',
        }),
        attr('spacePermissions', 'Space permissions held directly, as SPACEKEY:option', {
          multi: true,
          entitlement: true,
          managed: true,
          schemaObjectType: 'space',
        }),
        ...config.extraAttributes.map((extra) =>
          attr(extra.name, `Extra attribute from ${extra.source}: ${extra.path}`),
        ),
      ],
    },
    entitlementSchemas: [
      {
        type: 'group',
        displayAttribute: 'name',
        identityAttribute: 'id',
        attributes: [
          attr('id', 'Group name (Data Center groups have no other id)'),
          attr('name', 'Group name'),
          attr('role', 'Confluence role the group carries: user'),
          attr('spacePermissions', 'Space permissions the group holds, as SPACEKEY:option', { multi: true }),
        ],
      },
      {
        type: 'space',
        displayAttribute: 'name',
        identityAttribute: 'key',
        attributes: [
          attr('id', 'Space id'),
          attr('key', 'Space key'),
          attr('name', 'Space name'),
          attr('spaceType', 'global or personal'),
          attr('status', 'current or archived'),
          attr('options', 'Permission options with whether the API can manage each', { multi: true }),
          attr('grants', 'Who holds which options, directly or through a group', { multi: true }),
        ],
      },
    ],
    configurationSchema: z.toJSONSchema(dataCenterConfigSchema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>,
  };
}
