import type { RunningDcEmulator } from '../../emulator/index.ts';
import { type DemoPerson, demoHrCsv } from './demo.ts';

/**
 * The demo HR export for a Data Center instance: its active users who can use Confluence. Data
 * Center keeps no manager, so the first person of each department manages the rest of it, and
 * the administrator manages those first people.
 */
export function dcDemoHrFile(emulator: RunningDcEmulator): { csv: string; people: DemoPerson[] } {
  const { state } = emulator;
  const employees = [...state.accounts.values()].filter(
    (user) => user.active && state.hasGlobal(user.userKey, 'USECONFLUENCE'),
  );
  const idOf = new Map(employees.map((user, i) => [user.userKey, `E${String(i + 1).padStart(5, '0')}`]));
  const head = employees[0];
  const leadOf = new Map<string, string>();
  const people: DemoPerson[] = employees.map((user) => {
    const department = user.department ?? '';
    const id = idOf.get(user.userKey) ?? '';
    const lead = leadOf.get(department);
    if (lead === undefined) leadOf.set(department, id);
    return {
      id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      department,
      jobTitle: user.title ?? '',
      managerId: user === head ? '' : (lead ?? idOf.get(head?.userKey ?? '') ?? ''),
    };
  });
  return demoHrCsv(people);
}
