import { z } from 'zod';
import { badRequest } from './errors.ts';
import { ENTERPRISE_SCHEMA, type ScimJson, USER_SCHEMA } from './schemas.ts';

/** The writable attributes of a user after a POST, PUT or PATCH, with unsent ones cleared (null). */
export interface UserInput {
  userName: string;
  externalId: string | null;
  name: Record<NamePart, string | null>;
  displayName: string | null;
  nickName: string | null;
  title: string | null;
  preferredLanguage: string | null;
  department: string | null;
  organization: string | null;
  timezone: string | null;
  emails: Array<{ value: string; type?: string; primary?: boolean }>;
  phoneNumbers: Array<{ value: string; type?: string; primary?: boolean }>;
  /** Left undefined when not sent: a PUT without `active` keeps the current state. */
  active: boolean | undefined;
  employeeNumber: string | null;
}

/** The parts of `name` (RFC 7643 §4.1.1). */
export const NAME_PARTS = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
] as const;
type NamePart = (typeof NAME_PARTS)[number];

/** Writable top-level user attributes, by lower-case name (attribute names are case-insensitive). */
export const USER_ATTRIBUTES = new Map(
  [
    'userName',
    'externalId',
    'name',
    'displayName',
    'nickName',
    'title',
    'preferredLanguage',
    'department',
    'organization',
    'timezone',
    'emails',
    'phoneNumbers',
    'active',
    'employeeNumber',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Attributes Atlassian computes; a PATCH that targets them is a `mutability` error. */
export const READ_ONLY_ATTRIBUTES = new Set(['id', 'meta', 'groups', 'schemas']);

/** The enterprise extension attributes the emulator stores (Atlassian's spec lists the first two). */
export const ENTERPRISE_ATTRIBUTES = new Map(
  ['department', 'organization', 'employeeNumber'].map((name) => [name.toLowerCase(), name]),
);

const text = z.string().nullish();
const bool = z.preprocess(
  (value) =>
    typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value,
  z.boolean(),
);
const multi = z.array(
  z.object({ value: z.string().min(1), type: z.string().optional(), primary: bool.optional() }),
);
const userSchema = z.object({
  userName: z.string().trim().min(1),
  externalId: text,
  name: z.object(Object.fromEntries(NAME_PARTS.map((part) => [part, text]))).nullish(),
  displayName: text,
  nickName: text,
  title: text,
  preferredLanguage: text,
  department: text,
  organization: text,
  timezone: text,
  emails: multi.min(1),
  phoneNumbers: multi.nullish(),
  active: bool.optional(),
  employeeNumber: text,
});

/**
 * Validates a user body (already in canonical attribute names) into `UserInput`; a missing
 * `userName` or `emails`, or a value of the wrong type, is a 400 `invalidValue`.
 */
export function parseUserInput(json: ScimJson): UserInput {
  const parsed = userSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.join('.');
    throw badRequest(
      'invalidValue',
      `Invalid value for attribute '${where}': ${issue?.message ?? ''}`.trim(),
    );
  }
  const user = parsed.data;
  const name = user.name ?? {};
  const emails = distinct(user.emails);
  const primaries = emails.filter((email) => email.primary === true);
  if (primaries.length > 1) throw badRequest('invalidValue', 'Exactly one email must be marked as primary.');
  if (primaries.length === 0) {
    if (emails.length > 1) throw badRequest('invalidValue', 'Exactly one email must be marked as primary.');
    for (const email of emails) email.primary = true;
  }
  return {
    userName: user.userName,
    externalId: user.externalId ?? null,
    name: Object.fromEntries(NAME_PARTS.map((part) => [part, name[part] ?? null])) as UserInput['name'],
    displayName: user.displayName ?? null,
    nickName: user.nickName ?? null,
    title: user.title ?? null,
    preferredLanguage: user.preferredLanguage ?? null,
    department: user.department ?? null,
    organization: user.organization ?? null,
    timezone: user.timezone ?? null,
    emails,
    phoneNumbers: distinct(user.phoneNumbers ?? []),
    active: user.active,
    employeeNumber: user.employeeNumber ?? null,
  };
}

/** Copies of the values with exact repeats dropped (multi-valued attributes hold no duplicates, RFC 7643 §2.4). */
function distinct<T extends object>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  return values
    .filter((value) => !seen.has(JSON.stringify(value)) && seen.add(JSON.stringify(value)))
    .map((value) => ({ ...value }));
}

/**
 * Rewrites a POST/PUT body into canonical attribute names: URN-qualified keys lose their prefix,
 * the enterprise extension object is merged in (it wins), read-only and unknown attributes are dropped.
 */
export function canonicalUserJson(body: unknown): ScimJson {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  }
  const result: ScimJson = {};
  const fromExtension: ScimJson = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === ENTERPRISE_SCHEMA) {
      if (value !== null && typeof value === 'object')
        for (const [inner, innerValue] of Object.entries(value)) {
          const attribute = ENTERPRISE_ATTRIBUTES.get(inner.toLowerCase());
          if (attribute !== undefined) fromExtension[attribute] = innerValue;
        }
      continue;
    }
    const attribute = canonicalKey(key);
    if (attribute !== undefined) result[attribute] = value;
  }
  return { ...result, ...fromExtension };
}

/** The canonical name of a top-level key, URN-qualified or not; undefined when it is not writable. */
function canonicalKey(key: string): string | undefined {
  if (key.startsWith(`${ENTERPRISE_SCHEMA}:`)) {
    return ENTERPRISE_ATTRIBUTES.get(key.slice(ENTERPRISE_SCHEMA.length + 1).toLowerCase());
  }
  const bare = key.startsWith(`${USER_SCHEMA}:`) ? key.slice(USER_SCHEMA.length + 1) : key;
  return USER_ATTRIBUTES.get(bare.toLowerCase());
}
