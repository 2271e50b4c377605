import type { DcState } from '../../state/datacenter/dc-state.ts';
import type { DcGroup } from '../../state/datacenter/model.ts';
import { DEPARTMENTS } from '../names.ts';
import type { ProfileShape } from '../profiles.ts';
import type { Random } from '../random.ts';
import { type DcSeededPerson, INTERNAL_DIRECTORY, LDAP_DIRECTORY } from './dc-seed-people.ts';

/** The groups the spaces seed grants permissions to. */
export interface DcSeededGroups {
  users: DcGroup;
  administrators: DcGroup;
  byDepartment: Map<string, DcGroup>;
  teams: DcGroup[];
}

/**
 * Creates the default groups (`confluence-users`, `confluence-administrators`, both with *Can use*),
 * a read-only LDAP group with *Can use* and LDAP department groups without it, internal department
 * groups, and team groups of which some carry *Can use*; anonymous users get *Can use* too.
 */
export function seedDcGroups(
  state: DcState,
  shape: ProfileShape,
  people: DcSeededPerson[],
  random: Random,
): DcSeededGroups {
  const make = (name: string, directoryId = INTERNAL_DIRECTORY): DcGroup =>
    state.insertGroup(
      { id: name, name, directoryId, members: new Set(), updatedAt: state.now().toISOString() },
      null,
    );
  const use = (group: DcGroup): void => {
    state.grantGlobal('USECONFLUENCE', { type: 'group', id: group.id }, null);
  };
  const users = make('confluence-users');
  const administrators = make('confluence-administrators');
  const ldapStaff = make('ldap-staff', LDAP_DIRECTORY);
  for (const group of [users, administrators, ldapStaff]) use(group);
  for (const permission of ['ADMINISTRATECONFLUENCE', 'SYSTEMADMINISTRATOR'] as const)
    state.grantGlobal(permission, { type: 'group', id: administrators.id }, null);
  for (const permission of ['CREATESPACE', 'PERSONALSPACE'] as const)
    state.grantGlobal(permission, { type: 'group', id: users.id }, null);
  state.grantGlobal('USECONFLUENCE', { type: 'anonymous' }, null);

  const byDepartment = new Map<string, DcGroup>();
  const ldapByDepartment = new Map<string, DcGroup>();
  for (const department of DEPARTMENTS) {
    byDepartment.set(department.slug, make(`dept-${department.slug}`));
    ldapByDepartment.set(department.slug, make(`ldap-${department.slug}`, LDAP_DIRECTORY));
  }
  const teamCount = Math.max(0, shape.groups - 3 - 2 * DEPARTMENTS.length);
  const teams: DcGroup[] = [];
  for (let index = 0; index < teamCount; index++) {
    const team = make(`${random.pick(DEPARTMENTS).slug}-team-${index + 1}`);
    if (random.chance(0.15)) use(team);
    teams.push(team);
  }
  const canUseTeams = teams.filter((team) =>
    state.globalGrants.some((g) => g.principal.type === 'group' && g.principal.id === team.id),
  );

  for (const [index, person] of people.entries()) {
    const key = person.user.userKey;
    if (index === 0) {
      state.addMember(administrators.id, key, null);
      state.addMember(users.id, key, null);
      continue;
    }
    const department = (person.ldap ? ldapByDepartment : byDepartment).get(person.departmentSlug);
    if (department !== undefined) state.addMember(department.id, key, null);
    if (person.canUse) {
      if (person.ldap) state.addMember(ldapStaff.id, key, null);
      else if (random.chance(0.02)) state.grantGlobal('USECONFLUENCE', { type: 'user', id: key }, null);
      else if (canUseTeams.length > 0 && random.chance(0.05))
        state.addMember(random.pick(canUseTeams).id, key, null);
      else state.addMember(users.id, key, null);
    }
    if (person.ldap || teams.length === 0) continue;
    const memberships = Math.min(4, random.geometric(1.2));
    for (let n = 0; n < memberships; n++) {
      const team = teams[Math.floor(teams.length * random.next() ** 2)];
      if (team !== undefined) state.addMember(team.id, key, null);
    }
  }
  return { users, administrators, byDepartment, teams };
}
