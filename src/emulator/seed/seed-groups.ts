import type { Group, ProductGrant } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { DEPARTMENTS } from './names.ts';
import type { ProfileShape } from './profiles.ts';
import type { Random } from './random.ts';
import type { SeededPerson } from './seed-people.ts';

/** The groups the spaces seed refers to when it grants permissions to groups. */
export interface SeededGroups {
  confluenceUsers: Group;
  confluenceAdmins: Group;
  byDepartment: Map<string, Group>;
  /** Customer groups, product-carrying or not, in creation order. */
  teams: Group[];
}

const TEAM_WORDS = [
  'platform',
  'mobile',
  'payments',
  'search',
  'growth',
  'infra',
  'identity',
  'data',
  'web',
  'api',
];

/**
 * Creates the default product groups, one group per department, and a long tail of team groups.
 * Confluence access is given by membership of `confluence-users-<site>` or of a team group given the
 * Confluence user role; Jira-only people get only the Jira group.
 */
export function seedGroups(
  state: SiteState,
  shape: ProfileShape,
  people: SeededPerson[],
  random: Random,
): SeededGroups {
  const make = (name: string, productGrants: ProductGrant[], synced: boolean): Group => {
    const createdAt = state.now().toISOString();
    return state.insertGroup(
      {
        id: random.uuid(),
        name,
        description: '',
        productGrants,
        scimId: synced ? random.uuid() : null,
        externalId: synced ? `idp-${name}` : null,
        members: new Set(),
        createdAt,
        updatedAt: createdAt,
      },
      null,
    );
  };
  const site = state.site.siteName;
  const confluenceUsers = make(
    state.defaultGroupName('user'),
    [{ product: 'confluence', role: 'user' }],
    false,
  );
  const confluenceAdmins = make(
    state.defaultGroupName('admin'),
    [{ product: 'confluence', role: 'admin' }],
    false,
  );
  const guests = make(`confluence-guests-${site}`, [{ product: 'confluence', role: 'guest' }], false);
  const jiraUsers = make(`jira-software-users-${site}`, [{ product: 'jira-software', role: 'user' }], false);
  make(`jira-admins-${site}`, [{ product: 'jira-software', role: 'admin' }], false);
  const siteAdmins = make('site-admins', [], false);

  const byDepartment = new Map<string, Group>();
  for (const department of DEPARTMENTS)
    byDepartment.set(department.slug, make(`dept-${department.slug}`, [], true));

  const teamCount = Math.max(0, shape.groups - 6 - byDepartment.size);
  const teams: Group[] = [];
  for (let index = 0; index < teamCount; index++) {
    const grants: ProductGrant[] = random.chance(0.15)
      ? [{ product: 'confluence', role: 'user' }]
      : random.chance(0.1)
        ? [{ product: 'jira-software', role: 'user' }]
        : [];
    const department = random.pick(DEPARTMENTS);
    teams.push(
      make(`${department.slug}-${random.pick(TEAM_WORDS)}-${index + 1}`, grants, random.chance(0.6)),
    );
  }
  const confluenceTeams = teams.filter((team) => team.productGrants.some((g) => g.product === 'confluence'));

  for (const [index, person] of people.entries()) {
    const accountId = person.account.accountId;
    if (person.account.guest) {
      state.addMember(guests.id, accountId, null);
      continue;
    }
    const department = byDepartment.get(person.departmentSlug);
    if (department !== undefined) state.addMember(department.id, accountId, null);
    if (person.hasConfluence) {
      const viaTeamOnly = confluenceTeams.length > 0 && random.chance(0.05);
      state.addMember(viaTeamOnly ? random.pick(confluenceTeams).id : confluenceUsers.id, accountId, null);
    }
    if (person.hasJira) state.addMember(jiraUsers.id, accountId, null);
    if (index === 0) {
      state.addMember(confluenceAdmins.id, accountId, null);
      state.addMember(siteAdmins.id, accountId, null);
    } else if (person.hasConfluence && random.chance(0.01)) {
      state.addMember(confluenceAdmins.id, accountId, null);
    }
    const teamMemberships = teams.length === 0 ? 0 : Math.min(4, random.geometric(1.2));
    for (let n = 0; n < teamMemberships; n++) {
      const team = teams[Math.floor(teams.length * random.next() ** 2)];
      if (team !== undefined) state.addMember(team.id, accountId, null);
    }
  }
  return { confluenceUsers, confluenceAdmins, byDepartment, teams };
}
