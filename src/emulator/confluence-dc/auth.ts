import type { FastifyRequest } from 'fastify';
import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcUser } from '../state/datacenter/model.ts';
import { DcRestError } from './errors.ts';

/** Who is asking: a user (by Basic password or personal access token) or anonymous. */
export type DcCaller = { kind: 'user'; user: DcUser } | { kind: 'anonymous' };

/**
 * Resolves the caller from `Authorization` (reference §1): Basic must match an active user's password
 * (else 401); a Bearer token that matches no token is treated as anonymous when anonymous users hold
 * *Can use* (CONFSERVER-98199), else 401; no header is anonymous.
 */
export function resolveCaller(state: DcState, request: FastifyRequest): DcCaller {
  const header = request.headers.authorization ?? '';
  const [scheme = '', value = ''] = header.split(' ', 2);
  if (scheme.toLowerCase() === 'basic') {
    if (state.credentials.revoked.has('basic')) throw unauthorized();
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = state.userByUsername(decoded.slice(0, colon));
    if (colon < 0 || user === undefined || !user.active || user.password !== decoded.slice(colon + 1))
      throw unauthorized();
    return { kind: 'user', user };
  }
  if (scheme.toLowerCase() === 'bearer') {
    const key = state.credentials.revoked.has('pat') ? undefined : state.credentials.tokens.get(value);
    const user = key === undefined ? undefined : state.accounts.get(key);
    if (user?.active === true) return { kind: 'user', user };
    if (state.anonymousAccess) return { kind: 'anonymous' };
    throw unauthorized();
  }
  return { kind: 'anonymous' };
}

/** A caller who may use Confluence: a user holding *Can use*, or anonymous when anonymous access is on. */
export function requireUse(state: DcState, caller: DcCaller): DcCaller {
  if (caller.kind === 'anonymous') {
    if (!state.anonymousAccess) throw unauthorized();
    return caller;
  }
  if (!state.hasGlobal(caller.user.userKey, 'USECONFLUENCE'))
    throw new DcRestError(403, 'The calling user does not have permission to use Confluence');
  return caller;
}

/** A signed-in user holding *Can use* (user and group reads refuse anonymous callers with 403). */
export function requireUser(state: DcState, caller: DcCaller): DcUser {
  const checked = requireUse(state, caller);
  if (checked.kind === 'anonymous')
    throw new DcRestError(403, 'Anonymous users are not permitted to view users or groups');
  return checked.user;
}

/** A Confluence or System Administrator; 401 for anonymous, 403 for anyone else (reference §5). */
export function requireAdmin(state: DcState, caller: DcCaller): DcUser {
  if (caller.kind === 'anonymous') throw unauthorized();
  if (!state.isAdmin(caller.user.userKey))
    throw new DcRestError(
      403,
      `User ${caller.user.username} does not have enough permission to perform this operation`,
    );
  return caller.user;
}

function unauthorized(): DcRestError {
  return new DcRestError(401, 'Authentication failed: the credentials were not accepted');
}
