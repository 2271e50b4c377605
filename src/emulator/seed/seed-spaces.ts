import type { PermissionKey, PermissionTarget, Principal } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { SPACE_WORDS } from './names.ts';
import type { ProfileShape } from './profiles.ts';
import type { Random } from './random.ts';
import type { SeededGroups } from './seed-groups.ts';
import type { SeededPerson } from './seed-people.ts';

type Operation = readonly [PermissionKey, PermissionTarget];

/** Every operation a space admin holds, in the order Confluence lists them. */
const ALL_OPERATIONS: readonly Operation[] = [
  ['read', 'space'],
  ['delete', 'space'],
  ['create', 'page'],
  ['archive', 'page'],
  ['delete', 'page'],
  ['create', 'blogpost'],
  ['delete', 'blogpost'],
  ['create', 'comment'],
  ['delete', 'comment'],
  ['create', 'attachment'],
  ['delete', 'attachment'],
  ['restrict_content', 'space'],
  ['export', 'space'],
  ['administer', 'space'],
];

const CONTRIBUTOR: readonly Operation[] = [
  ['read', 'space'],
  ['delete', 'space'],
  ['create', 'page'],
  ['create', 'blogpost'],
  ['create', 'comment'],
  ['create', 'attachment'],
];

const COMMENTER: readonly Operation[] = [
  ['read', 'space'],
  ['create', 'comment'],
];

/**
 * Creates global spaces (a few archived, a few open to anonymous users) and personal spaces, with
 * permissions held by groups and by users and a long tail of small spaces.
 */
export function seedSpaces(
  state: SiteState,
  shape: ProfileShape,
  people: SeededPerson[],
  groups: SeededGroups,
  random: Random,
): void {
  const members = people.filter(
    (p) => p.hasConfluence && p.account.accountStatus === 'active' && !p.account.guest,
  );
  // Guests (external collaborators) are invited to one space only, as in Confluence Cloud.
  const uninvitedGuests = people.filter((p) => p.account.guest);
  if (members.length === 0) return;
  const personalCount = Math.floor(shape.spaces * 0.2);
  const globalCount = shape.spaces - personalCount;
  const usedKeys = new Set<string>();
  for (let index = 0; index < globalCount; index++) {
    const author = index === 0 ? members[0] : random.pick(members);
    if (author === undefined) continue;
    const word = random.pick(SPACE_WORDS);
    const key = uniqueKey(word, index, usedKeys);
    const space = state.insertSpace(
      {
        key,
        name: index < SPACE_WORDS.length ? word : `${word} ${index}`,
        type: 'global',
        status: random.chance(0.05) ? 'archived' : 'current',
        authorId: author.account.accountId,
        createdAt: author.account.createdAt,
        description: `${word} space`,
      },
      null,
    );
    const grant = (principal: Principal, operations: readonly Operation[]): void => {
      for (const [key, target] of operations)
        state.addSpacePermission(space.id, principal, key, target, null);
    };
    grant({ type: 'user', id: author.account.accountId }, ALL_OPERATIONS);
    grant({ type: 'group', id: groups.confluenceAdmins.id }, ALL_OPERATIONS);
    const department = groups.byDepartment.get(author.departmentSlug);
    if (department !== undefined && random.chance(0.5))
      grant({ type: 'group', id: department.id }, CONTRIBUTOR);
    if (random.chance(0.3)) grant({ type: 'group', id: groups.confluenceUsers.id }, COMMENTER);
    if (groups.teams.length > 0 && random.chance(0.25))
      grant({ type: 'group', id: random.pick(groups.teams).id }, CONTRIBUTOR);
    if (random.chance(0.03)) grant({ type: 'anonymous' }, [['read', 'space']]);
    const direct =
      index < 20
        ? 5 + random.geometric(shape.directUsersPerSpace * 3)
        : random.geometric(shape.directUsersPerSpace);
    const granted = new Set([author.account.accountId]);
    for (let n = 0; n < direct; n++) {
      const guest = uninvitedGuests.length > 0 && random.chance(0.05) ? uninvitedGuests.pop() : undefined;
      const person = guest ?? random.pick(members);
      if (granted.has(person.account.accountId)) continue;
      granted.add(person.account.accountId);
      // Guests never hold Restrictions, Export or Admin (Confluence Cloud's guest limits).
      const extra = ALL_OPERATIONS.slice(1, guest === undefined ? 13 : 11).filter(() => random.chance(0.3));
      grant({ type: 'user', id: person.account.accountId }, [['read', 'space'], ...extra]);
    }
  }
  for (let index = 0; index < personalCount && index < members.length; index++) {
    const owner = members[Math.floor((index * members.length) / personalCount)];
    if (owner === undefined) continue;
    const space = state.insertSpace(
      {
        key: `~${owner.account.accountId}`,
        name: owner.account.displayName,
        type: 'personal',
        status: 'current',
        authorId: owner.account.accountId,
        createdAt: owner.account.createdAt,
        description: '',
      },
      null,
    );
    for (const [key, target] of ALL_OPERATIONS) {
      state.addSpacePermission(space.id, { type: 'user', id: owner.account.accountId }, key, target, null);
    }
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
