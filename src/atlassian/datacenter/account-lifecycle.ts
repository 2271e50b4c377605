import { randomBytes } from 'node:crypto';
import { type AccountRecord, type AttributeChange, ConnectorError } from '../../connector/index.ts';
import { requireCanUse } from './access.ts';
import { readAccount } from './account-lookup.ts';
import { setMembership, updateAccount, writeActive } from './account-writer.ts';
import type { DcContext } from './context.ts';
import { CREATE_USER } from './endpoints.ts';
import { rpc } from './rpc.ts';
import { sweepSpacePermissions } from './space-writes.ts';
import { type DcPerson, groupNamesOf, isActive, personByUsername, remoteUser } from './users-api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The username for a new user: the one given, else the email's local part made valid (reference §5 rules). */
function usernameFor(email: string, attributes: Record<string, unknown>): string {
  const given =
    typeof attributes.username === 'string' ? attributes.username : (email.split('@')[0] ?? email);
  return given.toLowerCase().replace(/[\s\\,+<>'"]/g, '-');
}

/**
 * `std:account:create`: adopts the user with the derived username when its email matches (else
 * `conflict`), or creates it (REST on 8.4 and later, JSON-RPC `addUser` with a random password
 * before), adds it to `productGroup` so it can use Confluence, then applies the other attributes.
 */
export async function createAccount(
  ctx: DcContext,
  input: { identity: string; attributes: Record<string, unknown> },
): Promise<AccountRecord> {
  const email = String(input.identity || input.attributes.email || '').trim();
  if (!EMAIL.test(email)) throw new ConnectorError('invalid_input', 'identity must be the email address');
  const username = usernameFor(email, input.attributes);
  const person =
    (await adopt(ctx, username, email)) ?? (await create(ctx, username, email, input.attributes));
  const productGroup = ctx.config.productGroup.toLowerCase();
  if (!(await groupNamesOf(ctx, person.userKey)).has(productGroup))
    await setMembership(ctx, person, productGroup, true);
  const changes: AttributeChange[] = ['groups', 'spacePermissions'].flatMap((name) =>
    input.attributes[name] === undefined
      ? []
      : [{ op: 'Add' as const, attribute: name, value: input.attributes[name] }],
  );
  if (changes.length > 0) return (await updateAccount(ctx, person.userKey, changes)).account;
  return readAccount(ctx, person.userKey);
}

async function adopt(ctx: DcContext, username: string, email: string): Promise<DcPerson | undefined> {
  const existing = await personByUsername(ctx, username);
  if (existing === undefined) return undefined;
  const remote = await remoteUser(ctx, existing.userKey);
  if ((remote.email ?? '').toLowerCase() !== email.toLowerCase()) {
    throw new ConnectorError('conflict', `username ${username} belongs to a user with another email`, {
      details: { username },
    });
  }
  return existing;
}

async function create(
  ctx: DcContext,
  username: string,
  email: string,
  attributes: Record<string, unknown>,
): Promise<DcPerson> {
  const text = (name: string) =>
    typeof attributes[name] === 'string' ? (attributes[name] as string) : undefined;
  const fullName =
    text('displayName') ?? ([text('firstName'), text('lastName')].filter(Boolean).join(' ') || username);
  try {
    if ((await ctx.capabilities()).restCreateUser) {
      await ctx.transport.call(CREATE_USER, {
        body: { userName: username, fullName, email, notifyViaEmail: true },
      });
    } else {
      // The remote API needs a password; Confluence's "forgot password" sets the person's own.
      await rpc(ctx, 'addUser', [
        { name: username, fullname: fullName, email },
        randomBytes(24).toString('base64url'),
      ]);
    }
  } catch (error) {
    if (!(error instanceof ConnectorError && error.code === 'conflict')) throw error;
  }
  const person = await personByUsername(ctx, username);
  if (person === undefined)
    throw new ConnectorError('conflict', `user ${username} was created but cannot be read`);
  return person;
}

/**
 * `std:account:delete`: guardrail, then removes every direct space permission in every space,
 * then every access group, then deactivates when configured.
 */
export async function deleteAccount(ctx: DcContext, userKey: string): Promise<void> {
  const access = await requireCanUse(ctx, userKey);
  await sweepSpacePermissions(ctx, access.person);
  for (const group of access.held) await setMembership(ctx, access.person, group, false);
  if (ctx.config.deactivateOnDelete && isActive(access.person)) await writeActive(ctx, access.person, false);
}
