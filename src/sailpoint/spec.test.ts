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
  assert.deepEqual(secrets.sort(), ['admin.apiKey', 'scim.apiKey', 'site.apiToken']);
  assert.ok(fields.find((field) => field.key === 'site.url')?.required);
  assert.equal(fields.find((field) => field.key === 'skipPersonalSpaces')?.type, 'checkbox');
  assert.equal(new Set(fields.map((field) => field.key)).size, fields.length, 'every key once');
});
