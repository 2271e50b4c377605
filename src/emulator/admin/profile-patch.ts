import type { Account } from '../state/cloud/model.ts';
import { UserManagementError } from './admin-error.ts';
import {
  hasControlCharacters,
  PROFILE_FIELDS,
  type ProfileField,
  profileRules,
  type Rule,
} from './managed-profile.ts';

/** A validated profile edit: account fields to change, the location, and which profile paths were sent. */
interface ProfileEdit {
  change: Partial<
    Pick<
      Account,
      'displayName' | 'nickname' | 'timezone' | 'locale' | 'title' | 'organization' | 'department'
    >
  >;
  location: string | undefined;
  fields: ProfileField[];
}

/** Maximum lengths from the spec's `_Constraints_` (name 100, nickname 30). */
const MAX_LENGTH: Partial<Record<ProfileField, number>> = { name: 100, nickname: 30 };

type Violation = { field: string; violations: Array<{ key: string }> };

/** Flattens the PATCH body into profile paths (`extended_profile.job_title`), collecting unknown keys. */
function flatten(body: Record<string, unknown>, violations: Violation[]): Map<ProfileField, unknown> {
  const values = new Map<ProfileField, unknown>();
  const visit = (prefix: string, object: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      if (path === 'extended_profile' && isObject(value)) visit('extended_profile.', value);
      else if ((PROFILE_FIELDS as readonly string[]).includes(path)) values.set(path as ProfileField, value);
      else violations.push({ field: path, violations: [{ key: 'readOnly' }] });
    }
  };
  visit('', body);
  return values;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(field: ProfileField, value: unknown): string[] {
  if (typeof value !== 'string') return ['type'];
  const keys: string[] = [];
  if ((field === 'name' || field === 'nickname') && value.trim() === '') keys.push('minLength');
  if (value.length > (MAX_LENGTH[field] ?? 255)) keys.push('maxLength');
  if (hasControlCharacters(value)) keys.push('validCharacters');
  return keys;
}

/**
 * Validates a `PATCH /users/{account_id}/manage/profile` body against the spec: 400 `bodyParseFailure` for a
 * body that is not an object, 400 `fieldConstraintsViolated` per bad field, 403 `forbidden.fieldMutation`
 * for fields the caller may not write on this account.
 */
export function parseProfileEdit(account: Account, body: unknown): ProfileEdit {
  if (!isObject(body)) throw new UserManagementError(400, 'bodyParseFailure');
  const violations: Violation[] = [];
  const values = flatten(body, violations);
  for (const [field, value] of values) {
    const keys = check(field, value);
    if (keys.length > 0) violations.push({ field, violations: keys.map((key) => ({ key })) });
  }
  if (violations.length > 0) {
    throw new UserManagementError(400, 'fieldConstraintsViolated', { fieldViolations: violations });
  }
  const rules = profileRules(account);
  const refused: Record<string, Rule> = {};
  for (const field of values.keys()) if (!rules[field].allowed) refused[field] = rules[field];
  if (Object.keys(refused).length > 0) throw new UserManagementError(403, 'forbidden.fieldMutation', refused);
  const text = (field: ProfileField): string | undefined => values.get(field) as string | undefined;
  const change: ProfileEdit['change'] = {};
  const name = text('name');
  if (name !== undefined) change.displayName = name;
  const nickname = text('nickname');
  if (nickname !== undefined) change.nickname = nickname;
  const zoneinfo = text('zoneinfo');
  if (zoneinfo !== undefined) change.timezone = zoneinfo;
  const locale = text('locale');
  if (locale !== undefined) change.locale = locale;
  const title = text('extended_profile.job_title');
  if (title !== undefined) change.title = title;
  const organization = text('extended_profile.organization');
  if (organization !== undefined) change.organization = organization;
  const department = text('extended_profile.department');
  if (department !== undefined) change.department = department;
  return { change, location: text('extended_profile.location'), fields: [...values.keys()] };
}
