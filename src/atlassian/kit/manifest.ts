import { z } from 'zod';
import { CONNECTOR_COMMANDS, type ConnectorManifest, type SchemaAttribute } from '../../connector/index.ts';

/** A string attribute of a schema, unless `more` says otherwise. */
export const schemaAttribute = (
  name: string,
  description: string,
  more: Partial<SchemaAttribute> = {},
): SchemaAttribute => ({ name, type: 'string', description, ...more });

/** What a flavour's manifest says in its own words; the rest is the same for every flavour. */
export interface FlavourManifest {
  name: string;
  /** The account's attributes before its two entitlement attributes (key, email, names, status…). */
  accountAttributes: SchemaAttribute[];
  /** How the flavour names the groups an account holds. */
  groupsHeld: string;
  /** The configured extra attributes. */
  extras: ReadonlyArray<{ name: string; source: string; path: string }>;
  group: { id: string; role: string };
  spaceTypes: string;
  /** The configuration's zod schema: its JSON Schema (secrets carry `writeOnly`) is the manifest's. */
  configSchema: z.ZodType;
}

/** A connector manifest: commands, account schema with the extras, the two entitlement schemas, the configuration schema. */
export function connectorManifest(flavour: FlavourManifest): ConnectorManifest {
  const attr = schemaAttribute;
  return {
    name: flavour.name,
    version: '0.1.0',
    keyType: 'simple',
    supportsStatefulCommands: true,
    commands: [...CONNECTOR_COMMANDS],
    accountSchema: {
      displayAttribute: 'displayName',
      identityAttribute: 'email',
      groupAttribute: 'groups',
      attributes: [
        ...flavour.accountAttributes,
        attr('groups', flavour.groupsHeld, {
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
        ...flavour.extras.map((extra) =>
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
          attr('id', flavour.group.id),
          attr('name', 'Group name'),
          attr('role', flavour.group.role),
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
          attr('spaceType', flavour.spaceTypes),
          attr('status', 'current or archived'),
          attr('options', 'Permission options with whether the API can manage each', { multi: true }),
          attr('grants', 'Who holds which options, directly or through a group', { multi: true }),
        ],
      },
    ],
    configurationSchema: z.toJSONSchema(flavour.configSchema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>,
  };
}
