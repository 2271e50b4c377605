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

export const DEVIATIONS: Deviation[] = [];

/** Drops the problems that a listed deviation explains. */
export function unexplained(spec: string, problems: string[]): string[] {
  return problems.filter(
    (problem) =>
      !DEVIATIONS.some((deviation) => deviation.spec === spec && problem.includes(deviation.problem)),
  );
}
