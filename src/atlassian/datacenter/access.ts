import { ConnectorError } from '../../connector/index.ts';
import type { DcContext } from './context.ts';
import { canUseUsernames, type DcPerson, groupNamesOf, personByKey } from './users-api.ts';

/**
 * The groups that hold "Can use" (USECONFLUENCE). No Data Center API before 9.2.5 reads global
 * permissions (reference §7), so they are configured; without a list, Confluence's default pair.
 * Group names compare case-insensitively (Crowd stores them lower-case).
 */
export function accessGroups(ctx: DcContext): string[] {
  const names = ctx.config.accessGroups ?? [ctx.config.productGroup, 'confluence-administrators'];
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/** A user's Confluence access: the person, the access groups it is a direct member of, and whether it can use Confluence. */
export interface DcAccess {
  person: DcPerson;
  held: Set<string>;
  /** Member of an access group, or (no such membership) named by `getActiveUsers(false)`: a direct grant or an unlisted group. */
  canUse: boolean;
}

/** Reads a user's access (`not_found` when no user has this key). */
export async function confluenceAccess(ctx: DcContext, userKey: string): Promise<DcAccess> {
  const [person, memberOf] = await Promise.all([personByKey(ctx, userKey), groupNamesOf(ctx, userKey)]);
  const held = new Set(accessGroups(ctx).filter((name) => memberOf.has(name)));
  const canUse = held.size > 0 || (await canUseUsernames(ctx)).has(person.username.toLowerCase());
  return { person, held, canUse };
}

/**
 * The guardrail: before any write to an existing user, confirm it can use Confluence; otherwise
 * `guardrail`, with nothing written.
 */
export async function requireCanUse(ctx: DcContext, userKey: string): Promise<DcAccess> {
  const access = await confluenceAccess(ctx, userKey);
  if (!access.canUse) {
    throw new ConnectorError('guardrail', `user ${userKey} does not hold "Can use"; refusing to change it`, {
      details: { userKey },
    });
  }
  return access;
}
