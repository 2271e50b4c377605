import { type PermissionOptionId, sortOptions, spacePermissionValue } from '../../../src/connector/index.ts';
import type { Group, RunningEmulator } from '../../../src/emulator/index.ts';
import type { FlavourFixture, SiteTruth, TruthAccount } from '../contract/flavour.ts';
import { accountWithoutConfluence, confluenceAccountIds, startFixture } from '../fixture.ts';

/**
 * The emulator's Cloud operations as option ids, written here from the space permissions screen and
 * Atlassian's v1 SpacePermissionRequest reference rather than taken from the connector's table, so
 * a mistake in that table fails the contract instead of being shared by both sides.
 */
const OPTION_OF: Record<string, PermissionOptionId> = {
  'read/space': 'view',
  'delete/space': 'delete_own',
  'create/page': 'add_page',
  'archive/page': 'archive_page',
  'delete/page': 'delete_page',
  'create/blogpost': 'add_blog',
  'delete/blogpost': 'delete_blog',
  'create/comment': 'add_comment',
  'delete/comment': 'delete_comment',
  'create/attachment': 'add_attachment',
  'delete/attachment': 'delete_attachment',
  'restrict_content/space': 'restrictions',
  'export/space': 'export_space',
  'administer/space': 'admin',
};
const optionForOperation = (key: string, target: string) => OPTION_OF[`${key}/${target}`];

const carries = (group: Group) => group.productGrants.some((grant) => grant.product === 'confluence');

/** The Cloud emulator's state in the connector's vocabulary (operation keys through Cloud's table). */
export function cloudTruth(emulator: RunningEmulator): SiteTruth {
  const { state } = emulator;
  const rowsOf = (spaceKey: string) => state.spaceByKeyName(spaceKey)?.permissions ?? [];
  const optionsHeld = (spaceKey: string, type: string, id: string): PermissionOptionId[] =>
    sortOptions(
      rowsOf(spaceKey)
        .filter((p) => p.principal.type === type && 'id' in p.principal && p.principal.id === id)
        .flatMap((p) => optionForOperation(p.key, p.target) ?? []),
    );
  const heldAnywhere = (type: string, id: string) =>
    [...state.spaces.values()]
      .flatMap((space) => optionsHeld(space.key, type, id).map((o) => spacePermissionValue(space.key, o)))
      .sort();
  const truth: SiteTruth = {
    accountKeys: () => confluenceAccountIds(emulator),
    account(key): TruthAccount | undefined {
      const account = state.accounts.get(key);
      if (account === undefined) return undefined;
      return {
        email: account.email,
        displayName: account.displayName,
        status: account.accountStatus,
        department: account.department,
        groups: state
          .groupsOf(key)
          .filter(carries)
          .map((group) => group.id)
          .sort(),
        spacePermissions: heldAnywhere('user', key),
      };
    },
    carryingGroups: () =>
      new Map(
        [...state.groups.values()]
          .filter(carries)
          .map((group) => [
            group.id,
            { name: group.name, spacePermissions: heldAnywhere('group', group.id) },
          ]),
      ),
    isMember: (groupId, accountKey) => state.groups.get(groupId)?.members.has(accountKey) ?? false,
    spaces: () => new Map([...state.spaces.values()].map((space) => [space.key, { name: space.name }])),
    spaceGrants(spaceKey) {
      const grants = new Map<string, PermissionOptionId[]>();
      for (const p of rowsOf(spaceKey)) {
        const option = optionForOperation(p.key, p.target);
        if (option === undefined) continue;
        const who = p.principal.type === 'anonymous' ? 'anonymous' : `${p.principal.type}:${p.principal.id}`;
        grants.set(who, sortOptions([...(grants.get(who) ?? []), option]));
      }
      return grants;
    },
    heldDirectly: (spaceKey, accountKey) => optionsHeld(spaceKey, 'user', accountKey),
    accountWithoutConfluence: () => accountWithoutConfluence(emulator),
    groupWithoutConfluence() {
      const group = [...state.groups.values()].find((candidate) => !carries(candidate));
      if (group === undefined) throw new Error('the seed has no group without Confluence');
      return group.id;
    },
    writableSubject() {
      const space = [...state.spaces.values()].find((s) => s.type === 'global' && s.status === 'current');
      const accountKey = [...confluenceAccountIds(emulator)].find((id) => {
        const account = state.accounts.get(id);
        return (
          account?.accountStatus === 'active' &&
          !account.guest &&
          space !== undefined &&
          truth.heldDirectly(space.key, id).length === 0
        );
      });
      if (space === undefined || accountKey === undefined)
        throw new Error('the seed has no writable subject');
      return { accountKey, spaceKey: space.key };
    },
  };
  return truth;
}

/** The Confluence Cloud flavour: its emulator, a connector of `kind: cloud`, and the emulator's truth. */
export const cloudFlavour: FlavourFixture = {
  name: 'Cloud',
  unmanageable: ['delete_mail'],
  profile: [
    { attribute: 'department', value: 'Governance' },
    { attribute: 'jobTitle', value: 'Steward' },
  ],
  async start({ seed, config }) {
    const fixture = await startFixture({ size: 'small', seed, ...(config === undefined ? {} : { config }) });
    return {
      connector: fixture.connector,
      truth: cloudTruth(fixture.emulator),
      control: fixture.control,
      writes: fixture.writes,
      lastWrite: fixture.lastWrite,
    };
  },
};
