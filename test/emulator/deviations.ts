/**
 * The one list of known, reasoned deviations between the emulator's responses and Atlassian's
 * OpenAPI documents. The fidelity tests ignore a spec problem only when an entry here matches it.
 */
export interface Deviation {
  /** Which document: scim, admin, user-management, confluence-v1, confluence-v2. */
  spec: string;
  /** A substring of the problem text that `responseProblems` reports. */
  problem: string;
  /** Why the emulator follows Atlassian's real behaviour (or a later document) here, with a source. */
  reason: string;
}

export const DEVIATIONS: Deviation[] = [
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
];

/** Drops the problems that a listed deviation explains. */
export function unexplained(spec: string, problems: string[]): string[] {
  return problems.filter(
    (problem) =>
      !DEVIATIONS.some((deviation) => deviation.spec === spec && problem.includes(deviation.problem)),
  );
}
