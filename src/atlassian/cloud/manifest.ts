import type { ConnectorManifest } from '../../connector/index.ts';
import { schemaAttribute as attr, connectorManifest } from '../kit/manifest.ts';
import { type CloudConnectorConfig, cloudConfigSchema } from './config.ts';

/** The manifest for a configuration: commands, account schema (with configured extras), entitlement schemas, configuration schema. */
export function cloudManifest(config: Readonly<CloudConnectorConfig>): ConnectorManifest {
  return connectorManifest({
    name: 'spacegate-confluence-cloud',
    accountAttributes: [
      attr('accountId', 'Atlassian accountId (the stable key)'),
      attr('email', 'Email address, the unique identifier (case-insensitive)'),
      attr('firstName', 'Given name (SCIM)'),
      attr('lastName', 'Family name (SCIM)'),
      attr('displayName', 'Display name'),
      attr('department', 'Department (SCIM)'),
      attr('jobTitle', 'Job title (SCIM title)'),
      attr('status', 'Account status: active, inactive or closed'),
      { name: 'guest', type: 'boolean', description: 'External collaborator (guest)' },
    ],
    groupsHeld: 'Confluence-carrying groups held (group ids)',
    extras: config.extraAttributes,
    group: { id: 'Group id', role: 'Confluence role the group carries: user, admin or guest' },
    spaceTypes: 'global, personal, collaboration or knowledge_base',
    configSchema: cloudConfigSchema,
  });
}
