import type { ConnectorManifest } from '../connector/index.ts';
import { type ConfigLeaf, configLeaves, type FormField } from './config-fields.ts';
import { SPACE_OPTION_SCHEMA } from './space-options.ts';

/** Commands the package answers beyond the connector contract's: SailPoint's schema discovery and spec read. */
const PACKAGE_COMMANDS = ['std:account:discover-schema', 'std:spec:read'];

/**
 * SailPoint's `connector-spec.json` from the manifests of the flavours this build can connect:
 * commands, account and entitlement schemas (the same for every flavour's shared attributes; a
 * space permission entitlement is one option of one space, see `space-options.ts`),
 * an account create template, and the source configuration form with `kind` choosing the
 * flavour, one section per flavour and one for the fields they share; secrets are `secret` fields.
 */
export function connectorSpec(manifests: readonly ConnectorManifest[]) {
  const [first] = manifests;
  if (first === undefined) throw new Error('connectorSpec needs at least one manifest');
  return {
    name: 'Spacegate Confluence',
    keyType: first.keyType,
    supportsStatefulCommands: first.supportsStatefulCommands,
    commands: [...new Set([...manifests.flatMap((manifest) => manifest.commands), ...PACKAGE_COMMANDS])],
    sourceConfig: [{ type: 'menu', label: 'Configuration', items: sourceSections(manifests) }],
    accountSchema: {
      ...first.accountSchema,
      attributes: unionByName(manifests.map((manifest) => manifest.accountSchema.attributes)),
    },
    entitlementSchemas: first.entitlementSchemas.map((schema) =>
      schema.type === 'space'
        ? SPACE_OPTION_SCHEMA
        : {
            ...schema,
            attributes: unionByName(
              manifests.map(
                (manifest) =>
                  manifest.entitlementSchemas.find((other) => other.type === schema.type)?.attributes ?? [],
              ),
            ),
          },
    ),
    accountCreateTemplate: {
      fields: ['email', 'firstName', 'lastName', 'displayName'].map((name) => ({
        key: name,
        label: name,
        type: 'string',
        required: name === 'email',
        initialValue: { type: 'identityAttribute', attributes: { name } },
      })),
    },
  };
}

function sourceSections(manifests: readonly ConnectorManifest[]) {
  const perFlavour = manifests.map((manifest) => ({
    kind: String(
      (manifest.configurationSchema.properties as Record<string, { const?: unknown }>).kind?.const,
    ),
    leaves: configLeaves(manifest.configurationSchema).filter((leaf) => leaf.path !== 'kind'),
  }));
  const shared = (leaf: ConfigLeaf) =>
    perFlavour.length > 1 &&
    perFlavour.every(({ leaves }) => leaves.some((other) => other.path === leaf.path));
  const kindField: FormField = {
    key: 'kind',
    label: 'kind',
    type: 'select',
    required: true,
    options: perFlavour.map(({ kind }) => ({ label: kind, value: kind })),
  };
  const sharedFields = (perFlavour[0]?.leaves ?? []).filter(shared).map((leaf) => ({
    ...leaf.field,
    required: perFlavour.every(({ leaves }) => leaves.find((other) => other.path === leaf.path)?.required),
  }));
  return [
    {
      type: 'section',
      sectionTitle: 'Flavour',
      sectionHelpMessage: 'Confluence flavour of this source',
      items: [kindField],
    },
    ...perFlavour.map(({ kind, leaves }) => ({
      type: 'section',
      sectionTitle: `kind: ${kind}`,
      sectionHelpMessage: `Fields for kind "${kind}"`,
      items: leaves
        .filter((leaf) => !shared(leaf))
        .map((leaf) => ({ ...leaf.field, required: perFlavour.length === 1 ? leaf.required : false })),
    })),
    {
      type: 'section',
      sectionTitle: 'Common',
      sectionHelpMessage: 'Fields every flavour takes',
      items: sharedFields,
    },
  ].filter((section) => section.items.length > 0);
}

function unionByName<T extends { name: string }>(lists: T[][]): T[] {
  const byName = new Map<string, T>();
  for (const item of lists.flat()) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
}
