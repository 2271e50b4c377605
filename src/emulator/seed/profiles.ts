/** The size profiles a seeded site can have. */
export type SizeProfile = 'small' | 'medium' | 'large';

/** How many of each thing a profile seeds; shares are of people accounts. */
export interface ProfileShape {
  accounts: number;
  groups: number;
  spaces: number;
  /** Share of people with Confluence through a group. */
  confluenceShare: number;
  /** Share of people who are external guests (not on the verified domain). */
  guestShare: number;
  /** Share of people whose account is deactivated. */
  inactiveShare: number;
  /** Mean number of users given direct permissions on a global space (long-tailed). */
  directUsersPerSpace: number;
}

/** Profile sizes from the emulator issue: small ~50 people, medium ~5,000, large ~100,000. */
export const PROFILES: Readonly<Record<SizeProfile, ProfileShape>> = {
  small: {
    accounts: 50,
    groups: 12,
    spaces: 15,
    confluenceShare: 0.75,
    guestShare: 0.04,
    inactiveShare: 0.04,
    directUsersPerSpace: 3,
  },
  medium: {
    accounts: 5_000,
    groups: 300,
    spaces: 500,
    confluenceShare: 0.65,
    guestShare: 0.02,
    inactiveShare: 0.04,
    directUsersPerSpace: 4,
  },
  large: {
    accounts: 100_000,
    groups: 2_000,
    spaces: 10_000,
    confluenceShare: 0.6,
    guestShare: 0.02,
    inactiveShare: 0.04,
    directUsersPerSpace: 4,
  },
};

export const SIZE_PROFILES = Object.keys(PROFILES) as SizeProfile[];
