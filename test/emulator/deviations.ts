/** One known difference between the emulator's responses and an Atlassian OpenAPI document. */
interface Deviation {
  /** Which document: scim, admin, user-management, confluence-v1, confluence-v2. */
  spec: string;
  /** A substring of the problem text that `responseProblems` reports. */
  problem: string;
  /** Why the emulator follows Atlassian's real behaviour (or a later document) here, with a source. */
  reason: string;
}

/**
 * The one list of known, reasoned deviations between the emulator's responses and Atlassian's
 * OpenAPI documents. The fidelity tests ignore a spec problem only when an entry here matches it.
 */
const DEVIATIONS: Deviation[] = [
  {
    spec: 'user-management',
    problem: 'must match pattern "[a-zA-Z0-9_|:-]{1,128}',
    reason:
      'The AccountId pattern in the 2023 document ends in a literal newline ("[a-zA-Z0-9_|:-]{1,128}\\n", a YAML block-scalar artefact), so no account id matches, not even the document\'s own example "557057:4f9acfd2-…"; ids follow the pattern without the newline.',
  },
  {
    spec: 'user-management',
    problem: '400: / must match exactly one schema in oneOf',
    reason:
      'BadRequest.Body is a oneOf whose BodyParseFailure branch requires only a free-form "key", so every fieldConstraintsViolated body matches both branches; the document\'s discriminator mapping (key: fieldConstraintsViolated) names the branch the emulator sends.',
  },
  {
    spec: 'user-management',
    problem: 'POST /users/{account_id}/manage/lifecycle/enable: status 409 is not documented',
    reason:
      'Enabling an account inside its deletion grace period is refused: the delete operation says the account "will appear as temporarily deactivated" and cancel-delete "restore[s] and activate[s]" it, so enable is not the way back; the emulator answers with the document\'s own Conflict.LifecycleError body (the same one lifecycle/delete uses).',
  },
  {
    spec: 'admin',
    problem: 'DELETE /v1/orgs/{orgId}/directory/users/{accountId}: status 404 is not documented',
    reason:
      'Removing an account the directory does not hold is answered 404 ADMIN-404-8 (user not found), the code every other directory user operation in the same document (suspend-access, restore-access, last-active-dates) documents for an unknown account.',
  },
  {
    spec: 'user-management',
    problem: 'POST /users/{account_id}/manage/lifecycle/disable: status 400 is not documented',
    reason:
      'disable takes a JSON body (the document marks it required); a body that is not JSON cannot be read, and the API answers as it documents for PATCH profile and PUT email: 400 {"key":"bodyParseFailure"}.',
  },
  {
    spec: 'confluence-v2',
    problem: '/description must be object',
    reason:
      'Cloud returns "description": null on spaces unless description-format is sent (n8n-io/n8n#36898 review; confluence.js 3.2 types it nullish).',
  },
  {
    spec: 'confluence-v2',
    problem: '/icon must be object',
    reason:
      'Cloud returns "icon": null on spaces unless include-icon=true is sent (same evidence as description; confluence.js 3.2 types it nullish).',
  },
  {
    spec: 'confluence-v2',
    problem: '/personalSpaceId must be string',
    reason:
      'The v2 document itself describes personalSpaceId as "Returns null, if no personal space for the user" but omits nullable: true; confluence.js 3.2 types it nullish.',
  },
  {
    spec: 'scim',
    problem: '/meta/resourceType must be equal to one of the allowed values',
    reason:
      'The ScimMetadata enum says USER/GROUP/DIRECTORY, but the same document\'s Groups PATCH example returns "resourceType": "Group", real Atlassian user responses recorded in demisto/content (Packs/Atlassian_IAM, README and tests) show "User", and RFC 7643 §3.1 uses the resource type names "User"/"Group".',
  },
  {
    spec: 'scim',
    problem: ' 200: / must be string',
    reason:
      'Atlassian types the /Schemas, /ResourceTypes and /ServiceProviderConfig bodies as "string"; they are JSON documents in RFC 7644 §4 form, which is what SCIM clients (Okta, Entra ID) read.',
  },
  {
    spec: 'scim',
    problem: 'getAUserFromActiveDirectory: status 400 is not documented',
    reason:
      'Atlassian documents attributes and excludedAttributes as mutually exclusive on GET /Users/{userId} but lists no 400; sending both is answered 400 invalidValue, as on GET /Users (RFC 7644 §3.12).',
  },
  {
    spec: 'scim',
    problem: 'get: status 400 is not documented',
    reason:
      'GET /Groups/{id} with both attributes and excludedAttributes: the same 400 invalidValue as for users (RFC 7644 §3.12); the document lists no 400 there.',
  },
  {
    spec: 'scim',
    problem: 'updateUserInformationInAnActiveDirectory: status 409 is not documented',
    reason:
      'A PUT that gives a user the userName or email of another user is a 409 uniqueness (RFC 7644 §3.5.1, §3.12); Atlassian documents the clash ("already in use", developer.atlassian.com/cloud/admin/user-provisioning/email-change) but no status for it.',
  },
  {
    spec: 'scim',
    problem: 'patchUserInformationInAnActiveDirectory: status 409 is not documented',
    reason: 'The same uniqueness clash through PATCH is a 409 (RFC 7644 §3.5.2, §3.12).',
  },
  {
    spec: 'confluence-v1',
    problem: 'getSpaces: status 404 is not documented',
    reason:
      'Cloud answers the space list with 404 naming the keys when no spaceKey given exists (measured by brekkylab/backlot, backlot/routers/atlassian.py _str_param, 2026-09).',
  },
];

/** Drops the problems that a listed deviation explains. */
export function unexplained(spec: string, problems: string[]): string[] {
  return problems.filter(
    (problem) =>
      !DEVIATIONS.some((deviation) => deviation.spec === spec && problem.includes(deviation.problem)),
  );
}
