import type { RunningEmulator } from '../../emulator/index.ts';
import type { LocalUser } from '../auth/directory.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { DemoAccountHint } from '../web/sign-in.ts';

/** The password of every demo sign-in account (demo mode listens on loopback and changes nothing real). */
export const DEMO_PASSWORD = 'demo';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One person of the demo HR file. */
export interface DemoPerson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  department: string;
  jobTitle: string;
  managerId: string;
}

/**
 * A sample HR export for the demo, made from the emulated site's employees (guests are not
 * employees, so they stay orphans), plus two new joiners who have no account yet.
 */
export function demoHrFile(emulator: RunningEmulator): { csv: string; people: DemoPerson[] } {
  const employees = [...emulator.state.accounts.values()].filter(
    (a) => a.accountType === 'atlassian' && !a.guest && a.managed && a.accountStatus === 'active',
  );
  const idOf = new Map(employees.map((a, i) => [a.accountId, `E${String(i + 1).padStart(5, '0')}`]));
  const people: DemoPerson[] = employees.map((a) => ({
    id: idOf.get(a.accountId) ?? '',
    email: a.email,
    firstName: a.givenName,
    lastName: a.familyName,
    department: a.department ?? '',
    jobTitle: a.title ?? '',
    managerId: (a.managerAccountId === null ? undefined : idOf.get(a.managerAccountId)) ?? '',
  }));
  return demoHrCsv(people);
}

/** The demo HR export of these employees plus two new joiners who have no account yet. */
export function demoHrCsv(employees: DemoPerson[]): { csv: string; people: DemoPerson[] } {
  const people = [...employees];
  const domain = people[0]?.email.split('@')[1] ?? 'example.com';
  const firstManager = people.find((p) => p.managerId !== '')?.managerId ?? '';
  for (const [n, first, last] of [
    [1, 'Noor', 'Newhire'],
    [2, 'Jan', 'Joiner'],
  ] as const) {
    people.push({
      id: `N${String(n).padStart(5, '0')}`,
      email: `${first}.${last}@${domain}`.toLowerCase(),
      firstName: first,
      lastName: last,
      department: 'Engineering',
      jobTitle: 'Software Engineer',
      managerId: firstManager,
    });
  }
  const header = 'employeeId,email,firstName,lastName,department,jobTitle,managerId,status';
  const lines = people.map((p) =>
    [p.id, p.email, p.firstName, p.lastName, p.department, p.jobTitle, p.managerId, 'active']
      .map(csvCell)
      .join(','),
  );
  return { csv: `${[header, ...lines].join('\n')}\n`, people };
}

/**
 * The demo's sign-in accounts: a requester whose manager is the approver (so the sample
 * workflow's manager stage lands in the approver's inbox), an administrator and an auditor.
 */
export async function demoUsers(
  people: ReadonlyArray<DemoPerson>,
  hasAccount: (email: string) => boolean,
): Promise<{ users: LocalUser[]; hints: DemoAccountHint[] }> {
  const byId = new Map(people.map((p) => [p.id, p]));
  const requester = people.find((p) => {
    const manager = byId.get(p.managerId);
    return manager !== undefined && manager.id !== p.id && hasAccount(p.email) && hasAccount(manager.email);
  });
  const approver = requester === undefined ? undefined : byId.get(requester.managerId);
  const admin = people.find(
    (p) =>
      p !== requester &&
      p !== approver &&
      hasAccount(p.email) &&
      byId.has(p.managerId) &&
      p.managerId !== p.id,
  );
  const hash = await hashPassword(DEMO_PASSWORD);
  const entries: Array<[string, LocalUser['roles'], DemoPerson | undefined, string]> = [
    ['requester', ['requester'], requester, 'requester: searches the catalog and asks for access'],
    ['approver', ['approver', 'requester'], approver, "approver: the requester's manager"],
    [
      'admin',
      ['administrator', 'requester', 'approver'],
      admin,
      'administrator: accounts, aggregation, audit, policy',
    ],
    ['auditor', ['auditor'], undefined, 'auditor: reads everything, changes nothing'],
  ];
  const users = entries.map(([username, roles, person]) => ({
    username,
    displayName: person === undefined ? username : `${person.firstName} ${person.lastName}`,
    passwordHash: hash,
    roles,
    identity: person?.email,
  }));
  const hints = entries.map(([username, , person, role]) => ({
    username,
    password: DEMO_PASSWORD,
    role: person === undefined ? role : `${role} — acts as ${person.firstName} ${person.lastName}`,
    identity: person?.email,
  }));
  return { users, hints };
}

/** How the policy page names the demo's built-in workflows. */
export const DEMO_WORKFLOWS_FILE = '(built-in demo workflows)';

/**
 * The demo's approval workflows. The sample under examples/ names people of the sample HR file
 * (E1001, …), who are not on the emulated site, so the demo has its own: the beneficiary's manager
 * approves every grant and every revocation. With a fallback approver (the demo administrator's
 * identity), a stage whose only approver is the requester (a manager asking for a report) goes to
 * the fallback, and a grant left undecided for three days escalates to them.
 */
export function demoWorkflows(fallbackApproverId?: string): string {
  const fallback =
    fallbackApproverId === undefined ? '' : `\n        escalateTo: [${JSON.stringify(fallbackApproverId)}]`;
  const escalate = fallbackApproverId === undefined ? '' : '\n        escalateAfterHours: 72';
  return `# Demo approval workflows: the beneficiary's manager approves.
version: 1
workflows:
  - name: revocation
    when: { kind: [revoke] }
    stages:
      - name: manager
        approvers: [manager]${fallback}
  - name: standard
    stages:
      - name: manager
        approvers: [manager]
        remindAfterHours: 24${escalate}${fallback}
`;
}
