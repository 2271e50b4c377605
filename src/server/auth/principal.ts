import type { Role } from '../config/schema.ts';

/** Who is calling: a person signed in with a session, or a program with an API token. */
export interface Principal {
  kind: 'person' | 'token';
  /** Username or token name. */
  name: string;
  displayName: string;
  roles: ReadonlySet<Role>;
  /** Email of the identity this principal acts as (requests, approvals), if any. */
  identityEmail: string | undefined;
  /** The session id, for people; binds the CSRF token. */
  sessionId: string | undefined;
}

/** What a route allows: anyone, anyone signed in, or holders of one of the roles. */
export type Access = 'public' | 'signed-in' | ReadonlyArray<Role>;

/** Whether the principal holds at least one of the roles. */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.has(role));
}

/** Whether the principal may read everyone's requests, accounts and audit events. */
export function seesEverything(principal: Principal): boolean {
  return hasRole(principal, 'administrator', 'auditor');
}

/** Whether the principal satisfies a route's access rule. */
export function allows(access: Access, principal: Principal | undefined): boolean {
  if (access === 'public') return true;
  if (principal === undefined) return false;
  if (access === 'signed-in') return true;
  return access.some((role) => principal.roles.has(role));
}
