import { DomainError } from '../errors.ts';
import type { CatalogItem, Identity } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewCampaign } from './review-model.ts';

/** Picks an item's reviewer; `prime` reads the managers of a page of people in one query beforehand. */
export interface ReviewerPicker {
  (person: Identity, item: CatalogItem): Promise<string>;
  prime(people: ReadonlyArray<Identity>): Promise<void>;
}

/**
 * The reviewer of one person's item under the campaign's rule, else the fallback: the first
 * candidate who is a known, active identity and not the person (nobody reviews their own access).
 */
export function createReviewerPicker(tx: StoreTx, campaign: ReviewCampaign): ReviewerPicker {
  const people = new Map<string, Identity | undefined>();
  const admins = new Map<string, string[]>();
  let turn = 0;
  const known = async (id: string) => {
    if (!people.has(id)) people.set(id, await tx.identities.get(id));
    return people.get(id);
  };
  const spaceAdmins = async (spaceKey: string): Promise<string[]> => {
    const cached = admins.get(spaceKey);
    if (cached !== undefined) return cached;
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await tx.assignments.holders({ kind: 'space', spaceKey, limit: 200, cursor });
      for (const row of page.items.filter((r) => r.values.includes(`${spaceKey}:admin`))) {
        const identityId = (await tx.accounts.get(row.accountKey))?.identityId;
        if (identityId !== null && identityId !== undefined) found.push(identityId);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    admins.set(spaceKey, found);
    return found;
  };
  const candidates = async (person: Identity, item: CatalogItem): Promise<string[]> => {
    const { rule, named } = campaign.reviewers;
    if (rule === 'manager') return person.managerId === null ? [] : [person.managerId];
    if (rule === 'owner') return item.owner === null ? [] : [item.owner];
    if (rule === 'space_admins') return item.type === 'space' ? spaceAdmins(item.entitlementKey) : [];
    turn += 1;
    return named.map((_, i) => named[(turn + i) % named.length] ?? '');
  };
  const pick = async (person: Identity, item: CatalogItem): Promise<string> => {
    for (const id of [...(await candidates(person, item)), campaign.reviewers.fallback]) {
      const reviewer = await known(id);
      if (reviewer !== undefined && reviewer.status === 'active' && reviewer.id !== person.id) return id;
    }
    throw new DomainError(
      'review.no_reviewer',
      `nobody can review ${person.firstName} ${person.lastName}'s access to ${item.name}: the rule finds only them and the fallback is them or unknown`,
      { identityId: person.id, itemId: item.id },
    );
  };
  const prime = async (page: ReadonlyArray<Identity>): Promise<void> => {
    if (campaign.reviewers.rule !== 'manager') return;
    const wanted = [...new Set(page.map((p) => p.managerId ?? ''))].filter(
      (id) => id !== '' && !people.has(id),
    );
    for (let at = 0; at < wanted.length; at += 500) {
      const batch = wanted.slice(at, at + 500);
      const found = new Map((await tx.identities.getMany(batch)).map((p) => [p.id, p]));
      for (const id of batch) people.set(id, found.get(id));
    }
  };
  return Object.assign(pick, { prime });
}
