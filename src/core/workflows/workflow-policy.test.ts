import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../errors.ts';
import type { Identity } from '../model.ts';
import { resolveStages } from './resolve-stages.ts';
import { loadWorkflowPolicy, type RequestFacts } from './workflow-policy.ts';

const WORKFLOWS = `
version: 1
workflows:
  - name: docs-view-self-service
    when: { kind: [grant], items: ["space:DOCS"], permissionsOnly: [view] }
    stages: []
  - name: standard
    stages:
      - name: manager
        approvers: [manager]
        remindAfterHours: 24
        escalateAfterHours: 72
        escalateTo: [E900]
      - name: owner-and-admins
        approvers: [itemOwner, spaceAdmins]
        mode: any
      - name: security
        when: { permissionsAny: [admin] }
        approvers: [{ people: [E800, E801] }]
        mode: all
`;

const beneficiary: Identity = {
  id: 'E1',
  email: 'e1@example.com',
  firstName: 'A',
  lastName: 'B',
  department: null,
  jobTitle: null,
  managerId: 'E2',
  status: 'active',
  extra: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const policy = loadWorkflowPolicy('workflows.yaml', WORKFLOWS);
const facts = (over: Partial<RequestFacts>): RequestFacts => ({
  kind: 'grant',
  itemId: 'space:ENG',
  type: 'space',
  risk: 'low',
  permissions: ['view'],
  ...over,
});
const active = new Set(['E1', 'E2', 'E3', 'E4', 'E800', 'E801', 'E900']);
const ctx = { requesterId: 'E1', beneficiary, itemOwner: 'E3', spaceAdmins: ['E4', 'E3'], active };

describe('workflow policy', () => {
  test('the first workflow whose condition holds is chosen', () => {
    assert.equal(policy.select(facts({ itemId: 'space:DOCS' }))?.name, 'docs-view-self-service');
    assert.equal(
      policy.select(facts({ itemId: 'space:DOCS', permissions: ['view', 'add_page'] }))?.name,
      'standard',
    );
    assert.equal(policy.select(facts({ kind: 'revoke', itemId: 'space:DOCS' }))?.name, 'standard');
  });

  test('Admin adds the security stage with all-of approval; View does not', () => {
    const standard = policy.select(facts({}));
    assert.ok(standard);
    const view = resolveStages(standard, facts({}), ctx);
    assert.deepEqual(
      view.map((s) => [s.name, s.mode, s.approvers]),
      [
        ['manager', 'any', ['E2']],
        ['owner-and-admins', 'any', ['E3', 'E4']],
      ],
    );
    assert.equal(view[0]?.reminderAfterMs, 24 * 3_600_000);
    const admin = resolveStages(standard, facts({ permissions: ['admin'], risk: 'high' }), ctx);
    assert.deepEqual(admin.at(-1), {
      name: 'security',
      mode: 'all',
      approvers: ['E800', 'E801'],
      reminderAfterMs: null,
      escalateAfterMs: null,
      escalateTo: [],
    });
  });

  test('the requester is never an approver; a stage left empty falls back to its escalation list', () => {
    const standard = policy.select(facts({}));
    assert.ok(standard);
    const stages = resolveStages(standard, facts({}), { ...ctx, requesterId: 'E2' });
    assert.deepEqual(stages[0]?.approvers, ['E900']);
    assert.throws(
      () => resolveStages(standard, facts({}), { ...ctx, requesterId: 'E3', spaceAdmins: ['E3'] }),
      (error: unknown) => error instanceof DomainError && error.code === 'workflow.no_approvers',
    );
  });

  test('a leaver approves nothing: their stage falls back to its escalation list', () => {
    const standard = policy.select(facts({}));
    assert.ok(standard);
    const withoutManager = new Set([...active].filter((id) => id !== 'E2'));
    const stages = resolveStages(standard, facts({}), { ...ctx, active: withoutManager });
    assert.deepEqual(stages[0]?.approvers, ['E900']);
  });

  test('errors name the file, the workflow and the field', () => {
    const bad = `
version: 1
workflows:
  - name: broken
    stages:
      - name: s1
        approvers: [boss]
      - name: s2
        approvers: [manager]
        escalateAfterHours: 4
      - name: s3
        approvers: [manager]
        when: { permissionsAny: [fly] }
      - name: s4
        approvers: [manager]
        when: { items: ['space:ENG', 'group:'] }
`;
    assert.throws(
      () => loadWorkflowPolicy('workflows.yaml', bad),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'workflow.invalid');
        const problems = error.details?.problems as string[];
        assert.equal(problems.length, 4);
        assert.match(problems[0] ?? '', /^workflows\.yaml: workflow "broken": stages\.0\.approvers\.0: /);
        assert.match(
          problems[1] ?? '',
          /^workflows\.yaml: workflow "broken": stages\.1\.escalateTo: escalateAfterHours needs escalateTo$/,
        );
        assert.match(
          problems[2] ?? '',
          /^workflows\.yaml: workflow "broken": stages\.2\.when\.permissionsAny\.0: /,
        );
        assert.match(
          problems[3] ?? '',
          /^workflows\.yaml: workflow "broken": stages\.3\.when\.items\.1: catalog item id "group:": the group id is empty$/,
        );
        return true;
      },
    );
  });
});
