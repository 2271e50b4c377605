import { DcState } from '../../state/datacenter/dc-state.ts';
import type { DcVersion } from '../../state/datacenter/model.ts';
import { DC_RELEASES } from '../../state/datacenter/versions.ts';
import { PROFILES, type SizeProfile } from '../profiles.ts';
import { Random } from '../random.ts';
import { seedDcGroups } from './dc-seed-groups.ts';
import { INTERNAL_DIRECTORY, LDAP_DIRECTORY, seedDcPeople } from './dc-seed-people.ts';
import { seedDcSpaces } from './dc-seed-spaces.ts';

/** What decides a seeded Data Center instance: the same size, seed and version always give the same one. */
export interface DcSeedOptions {
  size: SizeProfile;
  seed: number;
  version: DcVersion;
  /** Defaults to `/confluence`; `''` serves at the root. */
  contextPath?: string;
  now?: () => Date;
}

/** Builds a deterministic Confluence Data Center instance from a size profile, a seed and a version. */
export function seedDataCenter(options: DcSeedOptions): DcState {
  const random = new Random(options.seed * 2_654_435_761 + PROFILES[options.size].accounts + 7);
  const release = DC_RELEASES[options.version];
  const adminToken = `NjY${random.hex(40)}`;
  const state = new DcState(
    {
      version: options.version,
      fullVersion: release.fullVersion,
      buildNumber: release.buildNumber,
      contextPath: options.contextPath ?? '/confluence',
    },
    {
      adminUsername: 'admin',
      adminPassword: `admin-${random.hex(12)}`,
      adminToken,
      tokens: new Map(),
      revoked: new Set(),
    },
    { remoteApi: true, readOnlyStatus: 403 },
    options.now,
  );
  state.directories.push(
    { id: INTERNAL_DIRECTORY, name: 'Confluence Internal Directory', type: 'internal', readOnly: false },
    { id: LDAP_DIRECTORY, name: 'Corporate LDAP', type: 'ldap', readOnly: true },
  );
  const shape = PROFILES[options.size];
  const people = seedDcPeople(state, shape, random);
  const admin = people[0];
  if (admin === undefined) throw new Error('a seeded instance needs an administrator');
  state.credentials.tokens.set(adminToken, admin.user.userKey);
  const groups = seedDcGroups(state, shape, people, random);
  seedDcSpaces(state, shape, people, groups, random);
  return state;
}
