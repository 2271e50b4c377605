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
      'policy.yaml: rule "broken": on.1: Invalid option: expected one of "create"|"modify"|"leave"',
      'policy.yaml: rule "broken": when.0.attribute: unknown identity attribute (use a standard one or extra.<column>)',
      'policy.yaml: rule "broken": set.displayName.from: unknown identity attribute (use a standard one or extra.<column>)',
      'policy.yaml: rule "broken": set.favouriteColour: not an account attribute (one of displayName, firstName, lastName, department, jobTitle)',
      'policy.yaml: rule #2: name: Invalid input: expected string, received undefined',
    ]);
  });

  test('leave rules: the last that applies decides; without one the account stays enabled', () => {
    const leave = loadAttributePolicy(
      'policy.yaml',
      `${POLICY}
  - name: deactivate-leavers
    on: [leave]
    deactivate: true
  - name: keep-contractors
    on: [leave]
    when:
      - attribute: department
        equals: Contractors
    deactivate: false
`,
    );
    const leaver = { ...ada, status: 'leaver' as const };
    assert.deepEqual(leave.onLeave(leaver), { deactivate: true, rule: 'deactivate-leavers' });
    assert.deepEqual(leave.onLeave({ ...leaver, department: 'Contractors' }), {
      deactivate: false,
      rule: 'keep-contractors',
    });
    assert.equal(policy.onLeave(leaver), undefined, 'no leave rule: access removed, account left enabled');
    assert.deepEqual(leave.attributesFor(leaver, 'modify'), policy.attributesFor(leaver, 'modify'));
  });

  test('a leave rule says deactivate, true or false, and nothing else; every mistake is named', () => {
    const bad = `
version: 1
rules:
  - name: yes-please
    on: [leave]
    deactivate: "yes"
  - name: forgot
    on: [leave]
  - name: mixed
    on: [create, leave]
    deactivate: true
    set:
      department: { from: department }
  - name: leave-with-set
    on: [leave]
    deactivate: true
    set:
      department: { from: departmant }
  - name: modify-deactivates
    on: [modify]
    deactivate: true
    set: {}
  - name: modify-without-set
    on: [modify]
  - name: typo
    on: [leave]
    deactivte: true
`;
    assert.deepEqual(problems(bad), [
      'policy.yaml: rule "yes-please": deactivate: Invalid input: expected boolean, received string',
      'policy.yaml: rule "forgot": deactivate: a leave rule says deactivate: true or false',
      'policy.yaml: rule "mixed": on: leave cannot share a rule with create or modify (a leave rule says deactivate, not set)',
      'policy.yaml: rule "leave-with-set": set.department.from: unknown identity attribute (use a standard one or extra.<column>)',
      'policy.yaml: rule "leave-with-set": set: a leave rule sets no account attributes; say deactivate: true or false',
      'policy.yaml: rule "modify-deactivates": deactivate: only a rule on: [leave] deactivates',
      'policy.yaml: rule "modify-without-set": set: a create or modify rule needs set: the account attributes it sets',
      'policy.yaml: rule "typo": (top level): Unrecognized key: "deactivte"',
      'policy.yaml: rule "typo": deactivate: a leave rule says deactivate: true or false',
    ]);
  });

  test('a YAML syntax error names the file and line', () => {
    const [problem] = problems('version: 1\nrules:\n  - name: [unclosed\n');
    assert.match(problem ?? '', /^policy\.yaml:\d+:\d+: /);
  });
});
