import {
  type AttributeChange,
  ConnectorError,
  type PermissionOptionId,
  parseSpacePermissionValue,
} from '../../connector/index.ts';

/** A multi-valued change: values to add, values to remove, or the whole set. */
export interface SetChange<T> {
  add: T[];
  remove: T[];
  set?: T[];
}

/** An update split by what it touches; built and validated before anything is written. */
export interface ChangePlan<Profile extends string = string> {
  groups: SetChange<string>;
  spaces: SetChange<string>;
  profile: Partial<Record<Profile, string | null>>;
}

/** What a flavour can change: its writable profile attributes, its read-only ones, its manageable options. */
export interface ChangeRules<Profile extends string> {
  profile: readonly Profile[];
  readOnly: readonly string[];
  manageable(option: PermissionOptionId): boolean;
  /** Profile attributes every account has that this flavour's APIs cannot write (`unsupported`). */
  unwritable?: readonly string[];
}

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
 * Validates and splits attribute changes for one flavour: `groups` and `spacePermissions` take Add,
 * Remove and Set; the flavour's profile attributes take Set and Remove; an option or attribute the
 * flavour's API cannot write is `unsupported`, anything else unknown `invalid_input`.
 */
export function planChanges<Profile extends string>(
  changes: readonly AttributeChange[],
  rules: ChangeRules<Profile>,
): ChangePlan<Profile> {
  const plan: ChangePlan<Profile> = {
    groups: { add: [], remove: [] },
    spaces: { add: [], remove: [] },
    profile: {},
  };
  const profile = new Set<string>(rules.profile);
  for (const change of changes) {
    if (!['Add', 'Set', 'Remove'].includes(change.op)) throw invalid(`unknown op ${String(change.op)}`);
    if (change.attribute === 'groups' || change.attribute === 'spacePermissions') {
      const values = valuesOf(change.value);
      if (change.attribute === 'spacePermissions') for (const value of values) checkSpaceValue(value, rules);
      const target = change.attribute === 'groups' ? plan.groups : plan.spaces;
      if (change.op === 'Add') target.add.push(...values);
      else if (change.op === 'Remove') target.remove.push(...values);
      else target.set = values;
      continue;
    }
    if (profile.has(change.attribute)) {
      if (change.op === 'Add') throw invalid(`${change.attribute} is single-valued; use Set`);
      const value = change.op === 'Remove' ? null : change.value;
      if (value !== null && typeof value !== 'string') throw invalid(`${change.attribute} expects a string`);
      plan.profile[change.attribute as Profile] = value;
      continue;
    }
    if (rules.readOnly.includes(change.attribute))
      throw invalid(`${change.attribute} cannot be changed by an update`);
    if (rules.unwritable?.includes(change.attribute)) {
      throw new ConnectorError(
        'unsupported',
        `${change.attribute} cannot be changed through this flavour's API`,
        {
          details: { attribute: change.attribute },
        },
      );
    }
    throw invalid(`unknown attribute ${change.attribute}`);
  }
  return plan;
}

function checkSpaceValue(value: string, rules: ChangeRules<string>): void {
  const parsed = parseSpacePermissionValue(value);
  if (parsed === undefined) throw invalid(`${value} is not SPACEKEY:option`);
  if (!rules.manageable(parsed.option.id)) {
    throw new ConnectorError(
      'unsupported',
      `${parsed.option.label} cannot be granted or revoked through Confluence's API`,
      { details: { value } },
    );
  }
}

/** The `invalid_input` error for a change that cannot be applied. */
export function invalid(message: string): ConnectorError {
  return new ConnectorError('invalid_input', message);
}
