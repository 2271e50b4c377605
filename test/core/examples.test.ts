import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadAttributePolicy, loadWorkflowPolicy, readHrSource } from '../../src/core/index.ts';

const read = (name: string): string =>
  readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

test('the example HR file, attribute policy and workflows load as the demo uses them', async () => {
  const people = await readHrSource('hr.csv', read('hr.csv'));
  assert.equal(people.length, 8);
  assert.deepEqual(
    people.filter((p) => p.status === 'leaver').map((p) => p.id),
    ['E1007'],
  );
  assert.deepEqual(people[0]?.extra, { costCenter: 'CC-100', location: 'London' });
  const policy = loadAttributePolicy('attribute-policy.yaml', read('attribute-policy.yaml'));
  const contractor = people.find((p) => p.department === 'Contractors');
  assert.ok(contractor);
  assert.deepEqual(policy.attributesFor({ ...contractor, updatedAt: '' }, 'modify'), {});
  const leaver = people.find((p) => p.status === 'leaver');
  assert.ok(leaver);
  assert.equal(policy.onLeave({ ...leaver, updatedAt: '' })?.deactivate, true);
  assert.equal(policy.onLeave({ ...contractor, status: 'leaver', updatedAt: '' })?.deactivate, false);
  const workflows = loadWorkflowPolicy('workflows.yaml', read('workflows.yaml'));
  const facts = {
    kind: 'grant' as const,
    itemId: 'space:ENG',
    type: 'space' as const,
    risk: 'high' as const,
    permissions: ['admin' as const],
  };
  assert.equal(workflows.select(facts)?.name, 'standard');
  assert.equal(
    workflows.select({ ...facts, risk: 'low', permissions: ['view'] })?.name,
    'view-approves-itself',
  );
});
