import { after } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../../src/atlassian/index.ts';
import { type PermissionOptionId, sortOptions, spacePermissionValue } from '../../../src/connector/index.ts';
import { type DcState, type DcVersion, startEmulator } from '../../../src/emulator/index.ts';
import type { FlavourFixture, SiteTruth, TruthAccount } from '../contract/flavour.ts';
import { controlClient } from '../fixture.ts';

/**
 * Data Center's permission constants as option ids, written here from the space permissions screen
 * and the reference's §6.3 table rather than taken from the connector's, so a mistake in that
 * table fails the contract instead of being shared by both sides.
 */
const OPTION_OF: Record<string, PermissionOptionId> = {
  VIEWSPACE: 'view',
  REMOVEOWNCONTENT: 'delete_own',
  EDITSPACE: 'add_page',
  REMOVEPAGE: 'delete_page',
  EDITBLOG: 'add_blog',
  REMOVEBLOG: 'delete_blog',
  COMMENT: 'add_comment',
  REMOVECOMMENT: 'delete_comment',
  CREATEATTACHMENT: 'add_attachment',
  REMOVEATTACHMENT: 'delete_attachment',
  SETPAGEPERMISSIONS: 'restrictions',
  REMOVEMAIL: 'delete_mail',
  EXPORTSPACE: 'export_space',
  SETSPACEPERMISSIONS: 'admin',
};

/** Group ids (lower-case names) that hold "Can use". */
function canUseGroups(state: DcState): Set<string> {
  return new Set(
    state.globalGrants.flatMap((g) =>
      g.permission === 'USECONFLUENCE' && g.principal.type === 'group' ? [g.principal.id] : [],
    ),
  );
}

/**
 * The Data Center emulator's state in the connector's vocabulary. Who has Confluence: members of
 * the groups holding "Can use" (disabled ones included, as disabled members), and active users
 * holding it any other way (directly).
 */
export function dcTruth(current: () => DcState): SiteTruth {
  const state = current;
  const rowsOf = (spaceKey: string) => state().spaceByKeyName(spaceKey)?.permissions ?? [];
  const optionsHeld = (spaceKey: string, type: string, id: string): PermissionOptionId[] =>
    sortOptions(
      rowsOf(spaceKey)
        .filter((p) => p.principal.type === type && 'id' in p.principal && p.principal.id === id)
        .flatMap((p) => OPTION_OF[p.type] ?? []),
    );
  const heldAnywhere = (type: string, id: string) =>
    [...state().spaces.values()]
      .flatMap((space) => optionsHeld(space.key, type, id).map((o) => spacePermissionValue(space.key, o)))
      .sort();
  const accessGroupsOf = (key: string) => {
    const groups = canUseGroups(state());
    return state()
      .groupsOf(key)
      .filter((group) => groups.has(group.id))
      .map((group) => group.id)
      .sort();
  };
  const hasConfluence = (key: string) =>
    accessGroupsOf(key).length > 0 || state().hasGlobal(key, 'USECONFLUENCE');
  const truth: SiteTruth = {
    accountKeys: () => new Set([...state().accounts.keys()].filter(hasConfluence)),
    account(key): TruthAccount | undefined {
      const user = state().accounts.get(key);
      if (user === undefined) return undefined;
      return {
        email: user.email,
        displayName: user.displayName,
        status: user.active ? 'active' : 'inactive',
        department: user.department,
        groups: accessGroupsOf(key),
        spacePermissions: heldAnywhere('user', key),
      };
    },
    carryingGroups: () =>
      new Map(
        [...canUseGroups(state())].flatMap((id) => {
          const group = state().groups.get(id);
          return group === undefined
            ? []
            : [[id, { name: group.name, spacePermissions: heldAnywhere('group', id) }] as const];
        }),
      ),
    isMember: (groupId, key) => state().groups.get(groupId)?.members.has(key) ?? false,
    spaces: () => new Map([...state().spaces.values()].map((space) => [space.key, { name: space.name }])),
    spaceGrants(spaceKey) {
      const grants = new Map<string, PermissionOptionId[]>();
      for (const p of rowsOf(spaceKey)) {
        const option = OPTION_OF[p.type];
        if (option === undefined) continue;
        const who = p.principal.type === 'anonymous' ? 'anonymous' : `${p.principal.type}:${p.principal.id}`;
        grants.set(who, sortOptions([...(grants.get(who) ?? []), option]));
      }
      return grants;
    },
    heldDirectly: (spaceKey, key) => optionsHeld(spaceKey, 'user', key),
    accountWithoutConfluence() {
      const user = [...state().accounts.values()].find((u) => u.active && !hasConfluence(u.userKey));
      if (user === undefined) throw new Error('the seed has no user without "Can use"');
      return user.userKey;
    },
    groupWithoutConfluence() {
      const groups = canUseGroups(state());
      const group = [...state().groups.values()].find((g) => !groups.has(g.id));
      if (group === undefined) throw new Error('the seed has no group without "Can use"');
      return group.id;
    },
    writableSubject() {
      const space = [...state().spaces.values()].find((s) => s.type === 'global' && s.status === 'current');
      const user = [...state().accounts.values()].find(
        (u) =>
          u.active &&
          !state().directoryOf(u).readOnly &&
          state().groups.get('confluence-users')?.members.has(u.userKey) === true &&
          !state().isAdmin(u.userKey) &&
          space !== undefined &&
          truth.heldDirectly(space.key, u.userKey).length === 0,
      );
      if (space === undefined || user === undefined) throw new Error('the seed has no writable subject');
      return { accountKey: user.userKey, spaceKey: space.key };
    },
  };
  return truth;
}

/** The Data Center flavour at one version: its emulator, a connector of `kind: datacenter`, and the truth. */
export function dataCenterFlavour(version: DcVersion): FlavourFixture {
  return {
    name: `Data Center ${version}`,
    unmanageable: ['archive_page'],
    profile: [{ attribute: 'displayName', value: 'Grace Governance' }],
    async start({ seed, config }) {
      const emulator = await startEmulator({
        flavor: 'datacenter',
        dcVersion: version,
        size: 'small',
        seed,
        port: 0,
      });
      after(() => emulator.close());
      const connector = createConnector(
        parseConnectorConfig({
          ...emulator.connectorConfig(),
          retry: { baseDelayMs: 5, maxDelayMs: 50 },
          ...config,
        }),
      );
      return { connector, truth: dcTruth(() => emulator.state), ...controlClient(emulator.url) };
    },
  };
}
