import type { AccountRecord } from '../../connector/index.ts';
import type { DcExtraAttribute } from './config.ts';
import { type DcPerson, isActive, type RemoteUser } from './users-api.ts';

/** Everything known about one user before it is shaped. */
export interface DcAccountParts {
  person: DcPerson;
  groups: string[];
  spacePermissions: string[];
  remote?: RemoteUser;
}

function readPath(resource: unknown, path: string): unknown {
  let value: unknown = resource;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

/**
 * Shapes a Data Center account: key the userKey, identity the email (JSON-RPC, the only source);
 * first and last name, department and job title are null because neither REST nor the remote API
 * returns them (the profile keeps them as user properties no API reads); configured extras last.
 */
export function toAccountRecord(parts: DcAccountParts, extras: readonly DcExtraAttribute[]): AccountRecord {
  const { person, remote } = parts;
  const email = remote?.email ?? '';
  const status = isActive(person) ? 'active' : 'inactive';
  const extraValues: Record<string, unknown> = {};
  for (const extra of extras)
    extraValues[extra.name] = readPath(extra.source === 'rest' ? person : remote, extra.path);
  return {
    key: person.userKey,
    identity: email,
    disabled: status !== 'active',
    attributes: {
      userKey: person.userKey,
      username: person.username,
      email,
      firstName: null,
      lastName: null,
      displayName: person.displayName ?? remote?.fullname ?? person.username,
      department: null,
      jobTitle: null,
      status,
      groups: [...parts.groups].sort(),
      spacePermissions: [...parts.spacePermissions].sort(),
      ...extraValues,
    },
  };
}
