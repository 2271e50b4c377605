import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest } from './errors.ts';
import { applyPatch, type PatchOperation, pathlessEntries } from './patch-request.ts';
import { ATLASSIAN_SCHEMA, ENTERPRISE_SCHEMA, type ScimJson, USER_SCHEMA } from './schemas.ts';
import {
  ENTERPRISE_ATTRIBUTES,
  NAME_PARTS,
  parseUserInput,
  READ_ONLY_ATTRIBUTES,
  USER_ATTRIBUTES,
  type UserInput,
} from './user-input.ts';
import { scimProfiles } from './user-profiles.ts';
import { compact, nameOf, stringAttributes } from './user-resource.ts';

const MULTI_VALUED = new Set(['emails', 'phoneNumbers']);
const MULTI_PARTS = new Map(
  ['value', 'type', 'primary', 'display'].map((part) => [part.toLowerCase(), part]),
);
const NAME_PART_NAMES = new Map(NAME_PARTS.map((part) => [part.toLowerCase(), part as string]));
const PATH = /^([A-Za-z$][\w$-]*)(\[[^\]]*\])?(?:\.([A-Za-z$][\w$-]*))?$/;

/**
 * Computes the user a PATCH leaves behind (RFC 7644 §3.5.2): every path is checked against the
 * attributes Atlassian stores (unknown → `invalidPath`, read-only → `mutability`), URN-qualified
 * and path-less operations are rewritten to plain paths, and `scim-patch` applies them.
 */
export function patchedUser(state: SiteState, account: Account, operations: PatchOperation[]): UserInput {
  const rewritten = operations.flatMap(rewriteOperation);
  const before = editableUser(state, account);
  const after = applyPatch(before, rewritten);
  for (const attribute of MULTI_VALUED) demoteOldPrimaries(before[attribute], after[attribute]);
  return parseUserInput(after);
}

/**
 * A PATCH that makes a value primary makes the others not primary (RFC 7644 §3.5.2): when more than
 * one value is primary afterwards, those that were primary before lose the flag.
 */
function demoteOldPrimaries(before: unknown, after: unknown): void {
  if (!Array.isArray(before) || !Array.isArray(after)) return;
  const isPrimary = (item: unknown) =>
    typeof item === 'object' && item !== null && 'primary' in item && item.primary === true;
  if (after.filter(isPrimary).length < 2) return;
  const oldValues = new Set(before.filter(isPrimary).map((item) => JSON.stringify(item)));
  for (const item of after) if (isPrimary(item) && oldValues.has(JSON.stringify(item))) item.primary = false;
}

/** The writable attributes of a user as a plain document, the thing a PATCH edits. */
function editableUser(state: SiteState, account: Account): ScimJson {
  const scim = account.scim;
  if (scim === null) throw new Error(`account ${account.accountId} is not in the SCIM directory`);
  const profile = scimProfiles(state).profileOf(account);
  const values: ScimJson = {
    userName: profile.userName,
    externalId: scim.externalId,
    name: nameOf(account, profile),
    ...stringAttributes(account, profile),
    emails: profile.emails.map((email) =>
      email.primary ? { ...email, value: account.email } : { ...email },
    ),
    phoneNumbers: scim.phoneNumbers.length > 0 ? scim.phoneNumbers.map((phone) => ({ ...phone })) : null,
    active: scim.active,
    employeeNumber: scim.employeeNumber,
  };
  return compact(values);
}

function rewriteOperation(operation: PatchOperation): PatchOperation[] {
  if (operation.path === undefined || operation.path === ENTERPRISE_SCHEMA) {
    const value = operation.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw badRequest('invalidSyntax', `A '${operation.op}' without a path needs an object value.`);
    }
    const prefix = operation.path === undefined ? '' : `${ENTERPRISE_SCHEMA}:`;
    return pathlessEntries(value).flatMap(([key, inner]) =>
      key === ENTERPRISE_SCHEMA
        ? rewriteOperation({ op: operation.op, path: ENTERPRISE_SCHEMA, value: inner })
        : [{ op: operation.op, path: canonicalUserPath(`${prefix}${key}`), value: inner }],
    );
  }
  return [{ ...operation, path: canonicalUserPath(operation.path) }];
}

/** The canonical form of a user attribute path, or a 400 `invalidPath` / `mutability`. */
export function canonicalUserPath(path: string): string {
  if (path.startsWith(ATLASSIAN_SCHEMA)) throw badRequest('mutability', `Attribute '${path}' is read-only.`);
  if (path.startsWith(`${ENTERPRISE_SCHEMA}:`)) {
    const attribute = ENTERPRISE_ATTRIBUTES.get(path.slice(ENTERPRISE_SCHEMA.length + 1).toLowerCase());
    if (attribute === undefined) throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
    return attribute;
  }
  const bare = path.startsWith(`${USER_SCHEMA}:`) ? path.slice(USER_SCHEMA.length + 1) : path;
  const match = PATH.exec(bare);
  const head = match?.[1]?.toLowerCase();
  if (match === null || head === undefined)
    throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
  if (READ_ONLY_ATTRIBUTES.has(head)) throw badRequest('mutability', `Attribute '${path}' is read-only.`);
  const attribute = USER_ATTRIBUTES.get(head);
  if (attribute === undefined) throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
  const filter = match[2] ?? '';
  if (filter !== '' && !MULTI_VALUED.has(attribute)) {
    throw badRequest('invalidPath', `Attribute '${attribute}' is not multi-valued.`);
  }
  const sub = match[3];
  if (sub === undefined) return `${attribute}${filter}`;
  const parts =
    attribute === 'name' ? NAME_PART_NAMES : MULTI_VALUED.has(attribute) ? MULTI_PARTS : undefined;
  const part = parts?.get(sub.toLowerCase());
  if (part === undefined) throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
  return `${attribute}${filter}.${part}`;
}
