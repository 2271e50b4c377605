import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { Json, Reply } from './emulator-client.ts';

/** The enterprise User extension URN (RFC 7643 §4.3). */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Atlassian's extension that carries a SCIM user's Atlassian accountId. */
export const ATLASSIAN = 'urn:scim:schemas:extension:atlassian-external:1.0';

/** The PatchOp message URN (RFC 7644 §3.5.2). */
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A PatchOp request body holding these operations (RFC 7644 §3.5.2). */
export const patch = (...operations: Json[]): Json => ({ schemas: [PATCH_OP], Operations: operations });

/** The `Resources` of a ListResponse (RFC 7644 §3.4.2). */
export const resources = (reply: Reply): Json[] => reply.body.Resources as Json[];

/** The sorted `members[].value` of a group resource (none when the attribute is left out). */
export const memberValues = (reply: Reply): string[] =>
  ((reply.body.members ?? []) as Json[]).map((member) => String(member.value)).sort();

/** The Atlassian accountId in a user resource's Atlassian extension. */
export const accountIdOf = (user: Json): string => String((user[ATLASSIAN] as Json).atlassianAccountId);

let users = 0;

/** A new user's full body on the site's verified domain; every call has a fresh userName and email. */
export function newUserBody(emulator: RunningEmulator, extra: Json = {}): Json {
  users += 1;
  const email = `scim.user${users}@${emulator.state.site.domain}`;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    userName: email,
    emails: [{ value: email, type: 'work', primary: true }],
    name: { givenName: 'Scim', familyName: `User${users}` },
    displayName: `Scim User${users}`,
    title: 'Engineer',
    department: 'R&D',
    organization: 'Acme',
    timezone: 'Europe/Berlin',
    active: true,
    ...extra,
  };
}
