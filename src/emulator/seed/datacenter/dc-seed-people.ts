import type { DcState } from '../../state/datacenter/dc-state.ts';
import type { DcUser } from '../../state/datacenter/model.ts';
import { DEPARTMENTS, FAMILY_NAMES, GIVEN_NAMES } from '../names.ts';
import type { ProfileShape } from '../profiles.ts';
import type { Random } from '../random.ts';

/** What the seed decided about one Data Center user beyond the user itself. */
export interface DcSeededPerson {
  user: DcUser;
  departmentSlug: string;
  /** Holds *Can use* through a group (or, for a few, directly). */
  canUse: boolean;
  /** Lives in the read-only LDAP directory. */
  ldap: boolean;
}

/** The directory ids the seed creates: the internal one and a read-only LDAP one. */
export const INTERNAL_DIRECTORY = 1;
export const LDAP_DIRECTORY = 2;

const SEED_EPOCH = Date.UTC(2020, 5, 1);
const DAY = 86_400_000;

/** Creates the administrator (`admin`) and the people: some in LDAP, some deactivated, some without *Can use*. */
export function seedDcPeople(state: DcState, shape: ProfileShape, random: Random): DcSeededPerson[] {
  const people: DcSeededPerson[] = [];
  const used = new Set<string>(['admin']);
  const admin = makeUser(state, random, {
    username: 'admin',
    first: 'Ada',
    last: 'Admin',
    department: null,
    title: 'Confluence Administrator',
    password: state.credentials.adminPassword,
  });
  people.push({ user: admin, departmentSlug: 'it', canUse: true, ldap: false });
  for (let index = 1; index < shape.accounts; index++) {
    const department = random.pick(DEPARTMENTS);
    const first = random.pick(GIVEN_NAMES);
    const last = random.pick(FAMILY_NAMES);
    let username = `${first}.${last}`.toLowerCase();
    for (let n = 2; used.has(username); n++) username = `${first}.${last}${n}`.toLowerCase();
    used.add(username);
    const ldap = random.chance(0.3);
    const user = makeUser(state, random, {
      username,
      first,
      last,
      department: department.name,
      title: random.pick(department.titles),
      password: `${username}-pw`,
      directoryId: ldap ? LDAP_DIRECTORY : INTERNAL_DIRECTORY,
      active: !random.chance(shape.inactiveShare),
    });
    people.push({
      user,
      departmentSlug: department.slug,
      canUse: random.chance(shape.confluenceShare),
      ldap,
    });
  }
  return people;
}

function makeUser(
  state: DcState,
  random: Random,
  input: {
    username: string;
    first: string;
    last: string;
    department: string | null;
    title: string | null;
    password: string;
    directoryId?: number;
    active?: boolean;
  },
): DcUser {
  const createdAt = new Date(SEED_EPOCH + random.int(1_400) * DAY).toISOString();
  return state.insertAccount(
    {
      userKey: `4028${random.hex(28)}`,
      username: input.username,
      email: `${input.username}@acme.example.com`,
      displayName: `${input.first} ${input.last}`,
      firstName: input.first,
      lastName: input.last,
      department: input.department,
      title: input.title,
      active: input.active ?? true,
      directoryId: input.directoryId ?? INTERNAL_DIRECTORY,
      password: input.password,
      createdAt,
      updatedAt: createdAt,
    },
    null,
  );
}
