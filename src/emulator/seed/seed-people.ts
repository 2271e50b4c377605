import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { DEPARTMENTS, FAMILY_NAMES, GIVEN_NAMES, TIMEZONES } from './names.ts';
import type { ProfileShape } from './profiles.ts';
import type { Random } from './random.ts';

/** What the seed decided about one person beyond the account itself. */
export interface SeededPerson {
  account: Account;
  departmentSlug: string;
  hasConfluence: boolean;
  hasJira: boolean;
}

const SEED_EPOCH = Date.UTC(2021, 0, 4);
const DAY = 86_400_000;

/** Creates the people of the site: managed staff, guests from a partner domain, and a few app accounts. */
export function seedPeople(state: SiteState, shape: ProfileShape, random: Random): SeededPerson[] {
  const people: SeededPerson[] = [];
  const managersByDepartment = new Map<string, string[]>();
  const usedEmails = new Set<string>();
  for (let index = 0; index < shape.accounts; index++) {
    const department = random.pick(DEPARTMENTS);
    const guest = index > 0 && random.chance(shape.guestShare);
    const givenName = random.pick(GIVEN_NAMES);
    const familyName = random.pick(FAMILY_NAMES);
    const domain = guest ? 'partner.example.org' : state.site.domain;
    const email = uniqueEmail(`${givenName}.${familyName}`.toLowerCase(), domain, usedEmails);
    const managers = managersByDepartment.get(department.slug) ?? [];
    const createdAt = new Date(SEED_EPOCH + random.int(1_400) * DAY).toISOString();
    const inactive = index > 0 && random.chance(shape.inactiveShare);
    const accountId = random.hex(24);
    const employeeNumber = guest ? null : `E${String(10_000 + index)}`;
    const account: Account = {
      accountId,
      accountType: 'atlassian',
      accountStatus: inactive ? 'inactive' : 'active',
      email,
      displayName: `${givenName} ${familyName}`,
      givenName,
      familyName,
      nickname: givenName,
      department: guest ? null : department.name,
      title: guest ? null : random.pick(department.titles),
      organization: guest ? 'Partner Co' : 'Acme',
      timezone: random.pick(TIMEZONES),
      locale: 'en-US',
      managerAccountId: managers.length > 0 && !guest ? random.pick(managers) : null,
      managed: !guest,
      guest,
      scim: guest
        ? null
        : {
            id: random.uuid(),
            externalId: employeeNumber,
            active: !inactive,
            preferredLanguage: 'en',
            phoneNumbers: [],
            employeeNumber,
          },
      lastActive: inactive ? null : new Date(SEED_EPOCH + (1_400 + random.int(300)) * DAY).toISOString(),
      createdAt,
      updatedAt: createdAt,
    };
    state.insertAccount(account, null);
    if (!guest && (managers.length < 3 || random.chance(0.08))) {
      managersByDepartment.set(department.slug, [...managers, accountId]);
    }
    const hasConfluence = index === 0 || guest || random.chance(shape.confluenceShare);
    people.push({
      account,
      departmentSlug: department.slug,
      hasConfluence,
      hasJira: !guest && (!hasConfluence || random.chance(0.5)),
    });
  }
  seedAppAccounts(state, random);
  return people;
}

function uniqueEmail(local: string, domain: string, used: Set<string>): string {
  let candidate = `${local}@${domain}`;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  used.add(candidate);
  return candidate;
}

/** Bots exist on every real site; they hold no Confluence access in the seed. */
function seedAppAccounts(state: SiteState, random: Random): void {
  for (const name of ['Automation for Confluence', 'Slack Integration']) {
    const createdAt = new Date(SEED_EPOCH).toISOString();
    state.insertAccount(
      {
        accountId: `557058:${random.uuid()}`,
        accountType: 'app',
        accountStatus: 'active',
        email: '',
        displayName: name,
        givenName: name,
        familyName: '',
        nickname: name,
        department: null,
        title: null,
        organization: null,
        timezone: 'UTC',
        locale: 'en-US',
        managerAccountId: null,
        managed: false,
        guest: false,
        scim: null,
        lastActive: null,
        createdAt,
        updatedAt: createdAt,
      },
      null,
    );
  }
}
