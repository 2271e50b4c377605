import type { AccountRecord, AccountStatus } from '../../connector/index.ts';
import type { ExtraAttribute } from './config.ts';
import { type BulkUser, ENTERPRISE_EXTENSION, type ScimUser } from './users-api.ts';

/** The SCIM attributes kept per account while a list runs (a compact copy, not the resource). */
export interface ScimSummary {
  scimId: string;
  email: string | null;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  department: string | null;
  title: string | null;
  extras: Record<string, unknown>;
}

/** Everything known about one account, gathered from the APIs before it is shaped. */
export interface AccountParts {
  accountId: string;
  groups: string[];
  spacePermissions: string[];
  bulk?: BulkUser;
  member?: { displayName?: string; email?: string; isExternalCollaborator?: boolean };
  scim?: ScimSummary;
  adminExtras?: Record<string, unknown>;
}

/** Reads a dot path (`name.givenName`) or an extension attribute (`urn:…:User:employeeNumber`). */
export function readPath(resource: unknown, path: string): unknown {
  if (path.startsWith('urn:')) {
    const at = path.lastIndexOf(':');
    const extension = (resource as Record<string, unknown> | undefined)?.[path.slice(0, at)];
    return (extension as Record<string, unknown> | undefined)?.[path.slice(at + 1)] ?? null;
  }
  let value: unknown = resource;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

/** Picks the configured extra attributes of one source out of a resource. */
export function extrasFrom(resource: unknown, extras: readonly ExtraAttribute[], source: 'scim' | 'admin') {
  const picked: Record<string, unknown> = {};
  for (const extra of extras)
    if (extra.source === source) picked[extra.name] = readPath(resource, extra.path);
  return picked;
}

/** The compact SCIM summary of a SCIM user. */
export function summarizeScim(user: ScimUser, extras: readonly ExtraAttribute[]): ScimSummary {
  const primary = user.emails?.find((email) => email.primary === true) ?? user.emails?.[0];
  return {
    scimId: user.id,
    email: primary?.value ?? user.userName ?? null,
    givenName: user.name?.givenName ?? null,
    familyName: user.name?.familyName ?? null,
    displayName: user.displayName ?? null,
    department: user.department ?? user[ENTERPRISE_EXTENSION]?.department ?? null,
    title: user.title ?? null,
    extras: extrasFrom(user, extras, 'scim'),
  };
}

/**
 * Shapes an account: status from the account's lifecycle (`users-bulk`), names, department and
 * title from SCIM, email from Confluence or else SCIM; configured extras at the end.
 */
export function toAccountRecord(parts: AccountParts, extras: readonly ExtraAttribute[]): AccountRecord {
  const { bulk, member, scim } = parts;
  const email = nonEmpty(bulk?.email) ?? nonEmpty(member?.email) ?? scim?.email ?? '';
  const status = statusOf(bulk?.accountStatus);
  const extraValues: Record<string, unknown> = {};
  for (const extra of extras) {
    const from = extra.source === 'scim' ? scim?.extras : parts.adminExtras;
    extraValues[extra.name] = from?.[extra.name] ?? null;
  }
  return {
    key: parts.accountId,
    identity: email,
    disabled: status !== 'active',
    attributes: {
      accountId: parts.accountId,
      email,
      firstName: scim?.givenName ?? null,
      lastName: scim?.familyName ?? null,
      displayName: nonEmpty(bulk?.displayName) ?? scim?.displayName ?? member?.displayName ?? email,
      department: scim?.department ?? null,
      jobTitle: scim?.title ?? null,
      status,
      guest: bulk?.isExternalCollaborator ?? member?.isExternalCollaborator ?? false,
      groups: [...parts.groups].sort(),
      spacePermissions: [...parts.spacePermissions].sort(),
      ...extraValues,
    },
  };
}

function statusOf(value: string | undefined): AccountStatus {
  return value === 'inactive' || value === 'closed' ? value : 'active';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
