import type { Credentials } from '../state/cloud/model.ts';
import { SiteState } from '../state/cloud/site-state.ts';
import { PROFILES, type SizeProfile } from './profiles.ts';
import { Random } from './random.ts';
import { seedGroups } from './seed-groups.ts';
import { seedPeople } from './seed-people.ts';
import { seedSpaces } from './seed-spaces.ts';

/** What decides a seeded site: the same size and seed always give the same site. */
export interface SeedOptions {
  size: SizeProfile;
  seed: number;
  /** The site's short name (`acme` gives `confluence-users-acme`). */
  siteName?: string;
  now?: () => Date;
}

/** Builds a deterministic organization with one Confluence site from a size profile and a seed number. */
export function seedSite(options: SeedOptions): SiteState {
  const random = new Random(options.seed * 2_654_435_761 + PROFILES[options.size].accounts);
  const siteName = options.siteName ?? 'acme';
  const domain = 'acme.example.com';
  const credentials: Credentials = {
    siteEmail: '',
    siteApiToken: `ATATT3x${random.hex(40)}`,
    adminApiKey: `ATCTT3x${random.hex(40)}`,
    scimKey: `scim-${random.hex(40)}`,
    revoked: new Set(),
  };
  const state = new SiteState(
    { orgId: random.uuid(), directoryId: random.uuid(), cloudId: random.uuid(), siteName, domain },
    credentials,
    options.now,
  );
  const shape = PROFILES[options.size];
  const people = seedPeople(state, shape, random);
  const admin = people[0];
  if (admin === undefined) throw new Error('a seeded site needs at least one person');
  credentials.siteEmail = admin.account.email;
  const groups = seedGroups(state, shape, people, random);
  seedSpaces(state, shape, people, groups, random);
  return state;
}
