import type { EntitlementType } from './records.ts';

/** One attribute of the account or an entitlement schema (SailPoint `connector-spec.json` shape). */
export interface SchemaAttribute {
  name: string;
  type: 'string' | 'boolean' | 'long' | 'int';
  description: string;
  multi?: boolean;
  entitlement?: boolean;
  managed?: boolean;
  /** Ties an entitlement attribute to one entitlement type. */
  schemaObjectType?: EntitlementType;
}

/** What a connector declares about itself: commands, schemas and the configuration it takes. */
export interface ConnectorManifest {
  name: string;
  version: string;
  keyType: 'simple';
  supportsStatefulCommands: boolean;
  commands: string[];
  accountSchema: {
    displayAttribute: string;
    identityAttribute: string;
    groupAttribute: string;
    attributes: SchemaAttribute[];
  };
  entitlementSchemas: Array<{
    type: EntitlementType;
    displayAttribute: string;
    identityAttribute: string;
    attributes: SchemaAttribute[];
  }>;
  /** JSON Schema of the configuration (secrets marked with `writeOnly`). */
  configurationSchema: Record<string, unknown>;
}
