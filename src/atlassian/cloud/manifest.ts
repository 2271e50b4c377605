import { z } from 'zod';
import { CONNECTOR_COMMANDS, type ConnectorManifest, type SchemaAttribute } from '../../connector/index.ts';
import { type CloudConnectorConfig, cloudConfigSchema } from './config.ts';

const attr = (name: string, description: string, more: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  name,
  type: 'string',
  description,
  ...more,
});

/** The manifest for a configuration: commands, account schema (with configured extras), entitlement schemas, configuration schema. */
export function cloudManifest(config: Readonly<CloudConnectorConfig>): ConnectorManifest {
  return {
    name: 'spacegate-confluence-cloud',
    version: '0.1.0',
    keyType: 'simple',
    supportsStatefulCommands: true,
    commands: [...CONNECTOR_COMMANDS],
    accountSchema: {
      displayAttribute: 'displayName',
      identityAttribute: 'email',
      groupAttribute: 'groups',
      attributes: [
        attr('accountId', 'Atlassian accountId (the stable key)'),
        attr('email', 'Email address, the unique identifier (case-insensitive)'),
        attr('firstName', 'Given name (SCIM)'),
        attr('lastName', 'Family name (SCIM)'),
        attr('displayName', 'Display name'),
        attr('department', 'Department (SCIM)'),
        attr('jobTitle', 'Job title (SCIM title)'),
        attr('status', 'Account status: active, inactive or closed'),
        { name: 'guest', type: 'boolean', description: 'External collaborator (guest)' },
        attr('groups', 'Confluence-carrying groups held (group ids)', {
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
          attr('id', 'Group id'),
          attr('name', 'Group name'),
          attr('role', 'Confluence role the group carries: user, admin or guest'),
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
          attr('spaceType', 'global, personal, collaboration or knowledge_base'),
          attr('status', 'current or archived'),
          attr('options', 'Permission options with whether the API can manage each', { multi: true }),
          attr('grants', 'Who holds which options, directly or through a group', { multi: true }),
        ],
      },
    ],
    configurationSchema: configurationJsonSchema(),
  };
}

/** The configuration's JSON Schema; the secrets carry `writeOnly` from their schema. */
function configurationJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(cloudConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
