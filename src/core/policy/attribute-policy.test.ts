import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../errors.ts';
import type { Identity } from '../model.ts';
import { loadAttributePolicy } from './attribute-policy.ts';

const POLICY = `
version: 1
rules:
  - name: department-and-title
    on: [create, modify]
    when:
      - attribute: department
        notIn: [Contractors]
    set:
      department: { from: department }
      jobTitle: { from: jobTitle }
  - name: display-name
    on: [create]
    set:
      displayName: { template: "{firstName} {lastName} ({extra.location})" }
`;

const ada: Identity = {
  id: 'E1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  department: 'Engineering',
  jobTitle: 'Engineer',
  managerId: null,
  status: 'active',
  extra: { location: 'London' },
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function problems(text: string): string[] {
  try {
    loadAttributePolicy('policy.yaml', text);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'policy.invalid');
    return error.details?.problems as string[];
  }
  assert.fail('expected the policy to be refused');
}

describe('attribute policy', () => {
  const policy = loadAttributePolicy('policy.yaml', POLICY);

  test('create sets department, title and display name; modify leaves display name alone', () => {
    assert.deepEqual(policy.attributesFor(ada, 'create'), {
      department: 'Engineering',
      jobTitle: 'Engineer',
      displayName: 'Ada Lovelace (London)',
    });
    assert.deepEqual(policy.attributesFor(ada, 'modify'), {
      department: 'Engineering',
      jobTitle: 'Engineer',
    });
  });

  test('conditions on identity attributes: contractors get nothing from the first rule', () => {
    const contractor = { ...ada, department: 'Contractors' };
    assert.deepEqual(policy.attributesFor(contractor, 'modify'), {});
    assert.deepEqual(Object.keys(policy.attributesFor(contractor, 'create')), ['displayName']);
  });

  test('every error names the file, the rule and the field', () => {
    const bad = `
version: 1
rules:
  - name: broken
    on: [create, delete]
    when:
      - attribute: departmant
        equals: x
    set:
      displayName: { from: firstname }
      favouriteColour: { from: department }
  - on: [modify]
    set: {}
`;
    assert.deepEqual(problems(bad), [
      'policy.yaml: rule "broken": on.1: Invalid option: expected one of "create"|"modify"',
      'policy.yaml: rule "broken": when.0.attribute: unknown identity attribute (use a standard one or extra.<column>)',
      'policy.yaml: rule "broken": set.displayName.from: unknown identity attribute (use a standard one or extra.<column>)',
      'policy.yaml: rule "broken": set.favouriteColour: not an account attribute (one of displayName, firstName, lastName, department, jobTitle)',
      'policy.yaml: rule #2: name: Invalid input: expected string, received undefined',
    ]);
  });

  test('a YAML syntax error names the file and line', () => {
    const [problem] = problems('version: 1\nrules:\n  - name: [unclosed\n');
    assert.match(problem ?? '', /^policy\.yaml:\d+:\d+: /);
  });
});
