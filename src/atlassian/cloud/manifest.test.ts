import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONNECTOR_COMMANDS } from '../../connector/index.ts';
import { parseConnectorConfig } from '../connector-config.ts';
import { cloudManifest } from './manifest.ts';

const config = parseConnectorConfig({
  kind: 'cloud',
  site: { url: 'https://example.atlassian.net', email: 'admin@example.com', apiToken: 'tok-SECRET-1' },
  admin: { url: 'https://api.atlassian.com', orgId: 'org-1', apiKey: 'key-SECRET-2' },
  scim: { url: 'https://api.atlassian.com', directoryId: 'dir-1', apiKey: 'key-SECRET-3' },
  productGroup: 'confluence-users-example',
  extraAttributes: [{ name: 'lastActive', source: 'admin', path: 'last_active' }],
});

test('the manifest declares commands, schemas with extras, and never carries a secret', () => {
  assert.equal(config.kind, 'cloud');
  if (config.kind !== 'cloud') return;
  const manifest = cloudManifest(config);
  assert.deepEqual(manifest.commands, [...CONNECTOR_COMMANDS]);
  assert.equal(manifest.accountSchema.identityAttribute, 'email');
  const names = manifest.accountSchema.attributes.map((attribute) => attribute.name);
  assert.ok(names.includes('lastActive'));
  const entitlements = manifest.accountSchema.attributes.filter(
    (attribute) => attribute.entitlement === true,
  );
  assert.deepEqual(
    entitlements.map((attribute) => [attribute.name, attribute.schemaObjectType]),
    [
      ['groups', 'group'],
      ['spacePermissions', 'space'],
    ],
  );
  assert.deepEqual(
    manifest.entitlementSchemas.map((schema) => schema.type),
    ['group', 'space'],
  );
  assert.doesNotMatch(JSON.stringify(manifest), /SECRET/);
  const properties = manifest.configurationSchema.properties as Record<
    string,
    { properties: Record<string, { writeOnly?: boolean }> }
  >;
  assert.equal(properties.site?.properties.apiToken?.writeOnly, true);
  assert.equal(properties.admin?.properties.apiKey?.writeOnly, true);
  assert.equal(properties.scim?.properties.apiKey?.writeOnly, true);
});
