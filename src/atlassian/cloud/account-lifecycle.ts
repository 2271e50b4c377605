import { type AccountRecord, type AttributeChange, ConnectorError } from '../../connector/index.ts';
import { readAccount, requireConfluence } from './account-lookup.ts';
import { updateAccount, writeActive } from './account-writer.ts';
import type { CloudContext } from './context.ts';
import { addMember, carryingGroups, groupIdsOf, removeMember } from './groups-api.ts';
import { sweepSpacePermissions } from './space-writes.ts';
import {
  createScimUser,
  getScimUser,
  linkedAccountId,
  type ScimUser,
  scimUserByEmail,
  usersBulk,
} from './users-api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * `std:account:create`: adopts the SCIM user with this email or creates one (SCIM links an
 * existing Atlassian account instead of duplicating it), puts it in the configured product group
 * so it really has Confluence, then applies the remaining attributes as an update.
 */
export async function createAccount(
  ctx: CloudContext,
  input: { identity: string; attributes: Record<string, unknown> },
): Promise<AccountRecord> {
  const email = String(input.identity || input.attributes.email || '').trim();
  if (!EMAIL.test(email)) throw new ConnectorError('invalid_input', 'identity must be the email address');
  const carrying = await carryingGroups(ctx);
  const productGroup = [...carrying.values()].find((group) => group.name === ctx.config.productGroup);
  if (productGroup === undefined) {
    throw new ConnectorError(
      'invalid_config',
      `productGroup ${ctx.config.productGroup} carries no Confluence access`,
    );
  }
  const accountId = await adoptOrCreate(ctx, email, input.attributes);
  const memberOf = await groupIdsOf(ctx, accountId);
  if (!memberOf.has(productGroup.id)) await addMember(ctx, productGroup.id, accountId);
  const changes = changesFrom(input.attributes);
  if (changes.length > 0) return (await updateAccount(ctx, accountId, changes)).account;
  return readAccount(ctx, accountId);
}

async function adoptOrCreate(
  ctx: CloudContext,
  email: string,
  attributes: Record<string, unknown>,
): Promise<string> {
  let user: ScimUser | undefined = await scimUserByEmail(ctx, email);
  if (user === undefined) {
    try {
      user = await createScimUser(ctx, scimResource(email, attributes));
    } catch (error) {
      if (!(error instanceof ConnectorError && error.code === 'conflict')) throw error;
      user = await scimUserByEmail(ctx, email);
    }
  }
  if (user === undefined)
    throw new ConnectorError('conflict', `SCIM reports ${email} exists but does not list it`);
  const accountId = linkedAccountId(user) ?? linkedAccountId(await getScimUser(ctx, user.id));
  if (accountId === undefined) {
    throw new ConnectorError(
      'invalid_response',
      `SCIM user ${user.id} is not linked to an Atlassian account`,
    );
  }
  return accountId;
}

function scimResource(email: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) =>
    typeof attributes[name] === 'string' ? (attributes[name] as string) : undefined;
  const given = text('firstName');
  const family = text('lastName');
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    emails: [{ value: email, type: 'work', primary: true }],
    ...(given === undefined && family === undefined
      ? {}
      : { name: { givenName: given, familyName: family } }),
    displayName: text('displayName') ?? ([given, family].filter(Boolean).join(' ') || email),
    ...(text('jobTitle') === undefined ? {} : { title: text('jobTitle') }),
    ...(text('department') === undefined ? {} : { department: text('department') }),
    active: true,
  };
}

function changesFrom(attributes: Record<string, unknown>): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const name of ['groups', 'spacePermissions']) {
    if (attributes[name] !== undefined) changes.push({ op: 'Add', attribute: name, value: attributes[name] });
  }
  for (const name of ['firstName', 'lastName', 'displayName', 'department', 'jobTitle']) {
    if (typeof attributes[name] === 'string')
      changes.push({ op: 'Set', attribute: name, value: attributes[name] });
  }
  return changes;
}

/**
 * `std:account:delete`: guardrail, then removes every direct space permission in every space,
 * then every Confluence-carrying group, then deactivates the account when configured.
 */
export async function deleteAccount(ctx: CloudContext, accountId: string): Promise<void> {
  const access = await requireConfluence(ctx, accountId);
  await sweepSpacePermissions(ctx, accountId);
  for (const groupId of access.held) await removeMember(ctx, groupId, accountId);
  if (ctx.config.deactivateOnDelete) {
    const [bulk] = await usersBulk(ctx, [accountId]);
    if (bulk !== undefined && bulk.accountStatus !== 'inactive' && bulk.accountStatus !== 'closed') {
      await writeActive(ctx, accountId, bulk.email, false);
    }
  }
}
