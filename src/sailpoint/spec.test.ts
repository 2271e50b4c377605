import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildableManifests } from './source-config.ts';
import { connectorSpec } from './spec.ts';

type Field = { key: string; type: string; required?: boolean };
type Section = { items: Field[] };

test('connector-spec.json comes from the manifests: schemas, commands, and the form with every secret marked', () => {
  const manifests = buildableManifests();
  const spec = connectorSpec(manifests);
  const [cloud] = manifests;
  assert.ok(cloud);
  assert.equal(spec.accountSchema.identityAttribute, 'email');
  const entitlementAttributes = spec.accountSchema.attributes
    .filter((attribute) => attribute.entitlement === true)
    .map((attribute) => [attribute.name, attribute.schemaObjectType]);
  assert.deepEqual(entitlementAttributes, [
    ['groups', 'group'],
    ['spacePermissions', 'space'],
  ]);
  assert.deepEqual(
    spec.entitlementSchemas.map((schema) => schema.type),
    ['group', 'space'],
  );
  for (const command of [...cloud.commands, 'std:account:discover-schema', 'std:spec:read'])
    assert.ok(spec.commands.includes(command), command);
  const fields = ((spec.sourceConfig[0]?.items ?? []) as Section[]).flatMap((section) => section.items);
  const secrets = fields.filter((field) => field.type === 'secret').map((field) => field.key);
  // Both flavours ship: Cloud's three API keys and Data Center's password or personal access token.
  assert.deepEqual(
    manifests.map((manifest) => manifest.name),
    ['spacegate-confluence-cloud', 'spacegate-confluence-datacenter'],
  );
  assert.deepEqual(secrets.sort(), [
    'admin.apiKey',
    'auth.password',
    'auth.token',
    'scim.apiKey',
    'site.apiToken',
  ]);
  // The form serves both flavours: `kind` is the one field every source needs; each flavour's own
  // fields (Cloud's site.url, Data Center's baseUrl) are checked when the configuration is parsed.
  assert.equal(fields.find((field) => field.key === 'kind')?.required, true);
  for (const key of ['site.url', 'baseUrl', 'auth.type', 'accessGroups'])
    assert.equal(fields.find((field) => field.key === key)?.required, false, key);
  assert.equal(fields.find((field) => field.key === 'skipPersonalSpaces')?.type, 'checkbox');
  assert.equal(new Set(fields.map((field) => field.key)).size, fields.length, 'every key once');
});
