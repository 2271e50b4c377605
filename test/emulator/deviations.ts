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
