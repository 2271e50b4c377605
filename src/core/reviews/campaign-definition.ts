import { DomainError } from '../errors.ts';
import type { StoreTx } from '../ports/store.ts';
import type { CampaignDefinition, ReviewAsker } from './review-model.ts';

/** Administrators define, launch and close campaigns; auditors and administrators read every one. */
export function requireAdministrator(asker: ReviewAsker): void {
  if (!asker.administrator)
    throw new DomainError('review.forbidden', 'only an administrator defines, launches or closes a campaign');
}

/**
 * Checks a definition before it is stored, naming the field at fault: a name, a deadline in the
 * future, a known active fallback, named reviewers that exist when the rule is `named`.
 */
export async function checkDefinition(
  tx: StoreTx,
  definition: CampaignDefinition,
  now: Date,
): Promise<CampaignDefinition> {
  const bad = (field: string, message: string): never => {
    throw new DomainError('review.invalid', message, { field });
  };
  const name = definition.name.trim();
  if (name === '') bad('name', 'a campaign needs a name');
  const deadline = new Date(definition.deadline);
  if (Number.isNaN(deadline.getTime())) bad('deadline', 'the deadline is not a date');
  if (deadline.getTime() <= now.getTime()) bad('deadline', 'the deadline must be in the future');
  const fallback = await tx.identities.get(definition.reviewers.fallback);
  if (fallback?.status !== 'active')
    bad(
      'reviewers.fallback',
      `the fallback reviewer ${definition.reviewers.fallback} is not an active identity`,
    );
  const named = [...new Set(definition.reviewers.named)];
  if (definition.reviewers.rule === 'named') {
    if (named.length === 0) bad('reviewers.named', 'the named rule needs at least one reviewer');
    const found = await tx.identities.getMany(named);
    const missing = named.filter((id) => !found.some((p) => p.id === id && p.status === 'active'));
    if (missing.length > 0) bad('reviewers.named', `not active identities: ${missing.join(', ')}`);
  }
  for (const [field, ms] of [
    ['reminderAfterMs', definition.reminderAfterMs],
    ['escalateAfterMs', definition.escalateAfterMs],
  ] as const) {
    if (ms !== null && (!Number.isInteger(ms) || ms <= 0))
      bad(field, `${field} must be a positive whole number`);
  }
  return {
    ...definition,
    name,
    deadline: deadline.toISOString(),
    reviewers: { ...definition.reviewers, named },
  };
}
