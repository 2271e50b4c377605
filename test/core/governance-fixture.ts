import { PERMISSION_OPTIONS, type SpaceOption } from '../../src/connector/index.ts';
import type { CatalogItem, Clock, Store, StoredEntitlement } from '../../src/core/index.ts';

/** An HR export for the request and approval tests: a manager chain, owners, a security team. */
export const HR_CSV = [
  'employeeId,email,firstName,lastName,department,jobTitle,manager,status',
  'M1,manager@example.com,Mia,Manager,Engineering,Manager,,active',
  'U1,user.one@example.com,Uma,One,Engineering,Engineer,M1,active',
  'U2,user.two@example.com,Udo,Two,Engineering,Engineer,M1,active',
  'U3,user.three@example.com,Ute,Three,Engineering,Engineer,M1,active',
  'O1,owner@example.com,Olga,Owner,Docs,Owner,M1,active',
  'S1,sec.one@example.com,Sid,Sec,Security,Lead,M1,active',
  'S2,sec.two@example.com,Sue,Sec,Security,Engineer,S1,active',
  'X1,escalate@example.com,Xena,Boss,Executive,CEO,,active',
  'L1,leaver@example.com,Leo,Left,Engineering,Engineer,M1,leaver',
].join('\n');

/** Workflows: View approves itself; revocations need the manager; high risk adds security (all of). */
export const WORKFLOWS_YAML = `
version: 1
workflows:
  - name: view-approves-itself
    when: { kind: [grant], types: [space], permissionsOnly: [view] }
    stages: []
  - name: eng-blog-by-space-admins
    when: { items: ["space:ENG"], permissionsAny: [add_blog] }
    stages:
      - name: space-admins
        approvers: [spaceAdmins]
  - name: standard
    stages:
      - name: manager
        approvers: [manager]
        remindAfterHours: 24
        escalateAfterHours: 72
        escalateTo: [X1]
      - name: owner
        approvers: [itemOwner]
      - name: security
        when: { risk: [high] }
        approvers: [{ people: [S1, S2] }]
        mode: all
`;

function item(
  id: string,
  type: 'group' | 'space',
  key: string,
  over: Partial<CatalogItem> = {},
): CatalogItem {
  return {
    id,
    type,
    entitlementKey: key,
    name: key,
    requestable: true,
    owner: 'O1',
    risk: 'low',
    optionRisks: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** Every option as a connector reports it for a space where Delete Mail cannot be managed (Cloud's case). */
function spaceOptions(): SpaceOption[] {
  return PERMISSION_OPTIONS.map(({ id, label }) => ({ id, label, manageable: id !== 'delete_mail' }));
}

/**
 * Stores what an aggregation would have stored: U2 holds an account in group g-docs and View in
 * ENG; the catalog offers ENG, DOCS, g-docs and a non-requestable g-admins.
 */
export async function seedAccess(store: Store, clock: Clock): Promise<void> {
  const now = clock.now().toISOString();
  const entitlements: StoredEntitlement[] = [
    { type: 'group', key: 'g-docs', name: 'docs-writers', attributes: { role: 'user' } },
    { type: 'group', key: 'g-admins', name: 'confluence-admins', attributes: { role: 'admin' } },
    {
      type: 'space',
      key: 'ENG',
      name: 'Engineering',
      attributes: {
        options: spaceOptions(),
        grants: [
          { principal: { type: 'user', accountKey: 'acc-u2' }, options: ['view', 'admin'] },
          { principal: { type: 'group', groupId: 'g-docs', name: 'docs-writers' }, options: ['admin'] },
        ],
      },
    },
    { type: 'space', key: 'DOCS', name: 'Docs', attributes: { options: spaceOptions(), grants: [] } },
  ];
  await store.transaction(async (tx) => {
    await tx.entitlements.replaceAll(entitlements);
    await tx.accounts.replaceAll([
      {
        key: 'acc-u2',
        email: 'user.two@example.com',
        identityId: 'U2',
        displayName: 'Udo Two',
        disabled: false,
        attributes: {
          department: 'Engineering',
          jobTitle: 'Engineer',
          groups: ['g-docs'],
          spacePermissions: ['ENG:view'],
        },
        aggregatedAt: now,
      },
      {
        key: 'acc-l1',
        email: 'leaver@example.com',
        identityId: 'L1',
        displayName: 'Leo Left',
        disabled: false,
        attributes: { groups: ['g-docs'], spacePermissions: ['ENG:view', 'ENG:add_page', 'ENG:delete_mail'] },
        aggregatedAt: now,
      },
    ]);
    await tx.assignments.replaceAll([
      { accountKey: 'acc-u2', kind: 'group', value: 'g-docs' },
      { accountKey: 'acc-u2', kind: 'space', value: 'ENG:view' },
      { accountKey: 'acc-l1', kind: 'group', value: 'g-docs' },
      { accountKey: 'acc-l1', kind: 'space', value: 'ENG:view' },
      { accountKey: 'acc-l1', kind: 'space', value: 'ENG:add_page' },
      { accountKey: 'acc-l1', kind: 'space', value: 'ENG:delete_mail' },
    ]);
    await tx.catalog.upsert(item('group:g-docs', 'group', 'g-docs'));
    await tx.catalog.upsert(
      item('group:g-admins', 'group', 'g-admins', { requestable: false, risk: 'high' }),
    );
    await tx.catalog.upsert(item('space:ENG', 'space', 'ENG'));
    await tx.catalog.upsert(item('space:DOCS', 'space', 'DOCS'));
  });
}
