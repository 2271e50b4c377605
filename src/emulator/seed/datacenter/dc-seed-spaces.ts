import type { DcState } from '../../state/datacenter/dc-state.ts';
import { DC_SPACE_PERMISSIONS, type DcSpacePermissionType } from '../../state/datacenter/model.ts';
import type { Principal } from '../../state/shared/model.ts';
import { SPACE_WORDS } from '../names.ts';
import type { ProfileShape } from '../profiles.ts';
import type { Random } from '../random.ts';
import type { DcSeededGroups } from './dc-seed-groups.ts';
import type { DcSeededPerson } from './dc-seed-people.ts';

const CONTRIBUTOR: readonly DcSpacePermissionType[] = [
  'VIEWSPACE',
  'REMOVEOWNCONTENT',
  'EDITSPACE',
  'EDITBLOG',
  'COMMENT',
  'CREATEATTACHMENT',
];
const COMMENTER: readonly DcSpacePermissionType[] = ['VIEWSPACE', 'COMMENT'];

/**
 * Creates global spaces (a few archived, a few readable by anonymous users) with permissions held by
 * groups and users, and personal spaces (`~username`) owned by their users.
 */
export function seedDcSpaces(
  state: DcState,
  shape: ProfileShape,
  people: DcSeededPerson[],
  groups: DcSeededGroups,
  random: Random,
): void {
  const members = people.filter((p) => p.user.active && state.hasGlobal(p.user.userKey, 'USECONFLUENCE'));
  if (members.length === 0) return;
  const personalCount = Math.floor(shape.spaces * 0.2);
  const used = new Set<string>();
  for (let index = 0; index < shape.spaces - personalCount; index++) {
    const author = index === 0 ? members[0] : random.pick(members);
    if (author === undefined) continue;
    const word = random.pick(SPACE_WORDS);
    const space = state.insertSpace(
      {
        key: uniqueKey(word, index, used),
        name: index < SPACE_WORDS.length ? word : `${word} ${index}`,
        type: 'global',
        status: random.chance(0.05) ? 'archived' : 'current',
        authorId: author.user.userKey,
        createdAt: author.user.createdAt,
        description: `${word} space`,
      },
      null,
    );
    const grant = (principal: Principal, types: readonly DcSpacePermissionType[]): void => {
      for (const type of types) state.addSpacePermission(space.id, principal, type, null);
    };
    grant({ type: 'user', id: author.user.userKey }, DC_SPACE_PERMISSIONS);
    grant({ type: 'group', id: groups.administrators.id }, DC_SPACE_PERMISSIONS);
    const department = groups.byDepartment.get(author.departmentSlug);
    if (department !== undefined && random.chance(0.5))
      grant({ type: 'group', id: department.id }, CONTRIBUTOR);
    if (random.chance(0.3)) grant({ type: 'group', id: groups.users.id }, COMMENTER);
    if (groups.teams.length > 0 && random.chance(0.25))
      grant({ type: 'group', id: random.pick(groups.teams).id }, CONTRIBUTOR);
    if (random.chance(0.05)) grant({ type: 'anonymous' }, ['VIEWSPACE']);
    const direct =
      index < 20
        ? 3 + random.geometric(shape.directUsersPerSpace * 2)
        : random.geometric(shape.directUsersPerSpace);
    const granted = new Set([author.user.userKey]);
    for (let n = 0; n < direct; n++) {
      const person = random.pick(members);
      if (granted.has(person.user.userKey)) continue;
      granted.add(person.user.userKey);
      const extra = DC_SPACE_PERMISSIONS.slice(1).filter(() => random.chance(0.3));
      grant({ type: 'user', id: person.user.userKey }, ['VIEWSPACE', ...extra]);
    }
  }
  for (let index = 0; index < personalCount && index < members.length; index++) {
    const owner = members[Math.floor((index * members.length) / personalCount)];
    if (owner === undefined) continue;
    const space = state.insertSpace(
      {
        key: `~${owner.user.username}`,
        name: owner.user.displayName,
        type: 'personal',
        status: 'current',
        authorId: owner.user.userKey,
        createdAt: owner.user.createdAt,
        description: '',
      },
      null,
    );
    for (const type of DC_SPACE_PERMISSIONS)
      state.addSpacePermission(space.id, { type: 'user', id: owner.user.userKey }, type, null);
  }
}

function uniqueKey(word: string, index: number, used: Set<string>): string {
  const base = word
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 6)
    .toUpperCase();
  let key = index < SPACE_WORDS.length ? base : `${base}${index}`;
  for (let n = 2; used.has(key); n++) key = `${base}${index}X${n}`;
  used.add(key);
  return key;
}
