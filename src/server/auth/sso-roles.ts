import type { Role } from '../config/schema.ts';

/** One configured mapping: the members of an IdP group get these roles. */
export interface GroupRoles {
  group: string;
  roles: ReadonlyArray<Role>;
}

/** The group names a claim carries: an array of names, one name, or nothing usable. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string');
  return [];
}

/** The roles a person's IdP groups give (exact group names, as the provider sends them), in ROLES order. */
export function rolesForGroups(groups: ReadonlyArray<string>, mapping: ReadonlyArray<GroupRoles>): Role[] {
  const held = new Set(groups);
  const roles = new Set<Role>();
  for (const entry of mapping) if (held.has(entry.group)) for (const role of entry.roles) roles.add(role);
  return [...roles];
}
