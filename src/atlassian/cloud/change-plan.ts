import {
  type AttributeChange,
  ConnectorError,
  type PermissionOptionId,
  parseSpacePermissionValue,
} from '../../connector/index.ts';
import { cloudOperation } from './operation-keys.ts';

/** Profile attributes an update may Set or Remove, and where SCIM keeps each. */
export const PROFILE_ATTRIBUTES = {
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  displayName: 'displayName',
  department: 'department',
  jobTitle: 'title',
} as const;

/** A profile attribute an update can change. */
export type ProfileAttribute = keyof typeof PROFILE_ATTRIBUTES;

/** A multi-valued change: values to add, values to remove, or the whole set. */
export interface SetChange<T> {
  add: T[];
  remove: T[];
  set?: T[];
}

/** An update split by what it touches; built and validated before anything is written. */
export interface ChangePlan {
  groups: SetChange<string>;
  spaces: SetChange<string>;
  profile: Partial<Record<ProfileAttribute, string | null>>;
}

const READ_ONLY = new Set(['accountId', 'email', 'status', 'guest']);

/** Normalizes SailPoint's one-value-or-array. */
export function valuesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((item) => {
    if (typeof item !== 'string' || item === '')
      throw invalid(`expected string values, got ${JSON.stringify(item)}`);
    return item;
  });
}

/**
 * Validates and splits attribute changes: `groups` and `spacePermissions` take Add, Remove and
 * Set; profile attributes take Set and Remove; anything else is `invalid_input`, Delete Mail `unsupported`.
 */
export function planChanges(changes: readonly AttributeChange[]): ChangePlan {
  const plan: ChangePlan = { groups: { add: [], remove: [] }, spaces: { add: [], remove: [] }, profile: {} };
  for (const change of changes) {
    if (!['Add', 'Set', 'Remove'].includes(change.op)) throw invalid(`unknown op ${String(change.op)}`);
    if (change.attribute === 'groups' || change.attribute === 'spacePermissions') {
      const values = valuesOf(change.value);
      if (change.attribute === 'spacePermissions') values.forEach(checkSpaceValue);
      const target = change.attribute === 'groups' ? plan.groups : plan.spaces;
      if (change.op === 'Add') target.add.push(...values);
      else if (change.op === 'Remove') target.remove.push(...values);
      else target.set = values;
      continue;
    }
    if (change.attribute in PROFILE_ATTRIBUTES) {
      if (change.op === 'Add') throw invalid(`${change.attribute} is single-valued; use Set`);
      const value = change.op === 'Remove' ? null : change.value;
      if (value !== null && typeof value !== 'string') throw invalid(`${change.attribute} expects a string`);
      plan.profile[change.attribute as ProfileAttribute] = value;
      continue;
    }
    if (READ_ONLY.has(change.attribute)) throw invalid(`${change.attribute} cannot be changed by an update`);
    throw invalid(`unknown attribute ${change.attribute}`);
  }
  return plan;
}

function checkSpaceValue(value: string): void {
  const parsed = parseSpacePermissionValue(value);
  if (parsed === undefined) throw invalid(`${value} is not SPACEKEY:option`);
  if (cloudOperation(parsed.option.id) === undefined) {
    throw new ConnectorError(
      'unsupported',
      `${parsed.option.label} cannot be granted or revoked through Confluence's API`,
      {
        details: { value },
      },
    );
  }
}

/** What to do in one space: options to grant and to revoke, with View rules applied. */
export interface SpaceStep {
  grant: PermissionOptionId[];
  /** Revoke these rows' options; when View is among them only View is revoked (it cascades). */
  revoke: PermissionOptionId[];
}

/**
 * Applies Atlassian's rules to one space: granting anything without View grants View first;
 * revoking View revokes everything, so it is the only revoke sent; nothing held is re-granted.
 */
export function spaceStep(
  held: ReadonlySet<PermissionOptionId>,
  add: PermissionOptionId[],
  remove: PermissionOptionId[],
): SpaceStep {
  const removing = new Set(remove.filter((option) => held.has(option)));
  if (removing.has('view')) {
    if (add.some((option) => option !== 'view'))
      throw invalid('cannot grant options while revoking View in the same space');
    return { grant: [], revoke: ['view'] };
  }
  const grant = [...new Set(add.filter((option) => !held.has(option) && !removing.has(option)))];
  if (grant.length > 0 && !held.has('view') && !grant.includes('view')) grant.unshift('view');
  grant.sort((a, b) => (a === 'view' ? -1 : b === 'view' ? 1 : 0));
  return { grant, revoke: [...removing] };
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('invalid_input', message);
}
