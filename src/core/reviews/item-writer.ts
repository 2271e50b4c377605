import type { PermissionOptionId } from '../../connector/index.ts';
import { catalogItemId } from '../catalog/catalog-service.ts';
import { requestRisk } from '../catalog/risk.ts';
import { DomainError } from '../errors.ts';
import type { CatalogItem } from '../model.ts';
import type { Ids } from '../ports/ids.ts';
import type { ReviewHolder } from '../ports/review-store.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewCampaign, ReviewItem, ReviewScope } from './review-model.ts';
import { createReviewerPicker } from './reviewers.ts';

/** One held piece of access before a reviewer is chosen: a group, or options in a space (through `via`). */
export interface Holding {
  holder: ReviewHolder;
  type: 'group' | 'space';
  key: string;
  permissions: string[];
  via: { key: string; name: string } | null;
}

/** Items are written as they are made, this many to one insert, so a launch holds no more than that. */
const INSERT_BATCH = 500;

function inScope(scope: ReviewScope, h: Holding, risk: string): boolean {
  const named = scope.spaces.length > 0 || scope.groups.length > 0;
  const listed = h.type === 'space' ? scope.spaces.includes(h.key) : scope.groups.includes(h.key);
  if (named && !listed) return false;
  if (scope.risks.length > 0 && !scope.risks.includes(risk as never)) return false;
  return scope.departments.length === 0 || scope.departments.includes(h.holder.identity.department ?? '');
}

/** The catalog items with these ids, by id (one query for a page of holdings). */
export async function catalogOf(tx: StoreTx, ids: ReadonlyArray<string>): Promise<Map<string, CatalogItem>> {
  return new Map((await tx.catalog.getMany([...new Set(ids)])).map((c) => [c.id, c]));
}

/** The catalog id of a holding. */
export function holdingItemId(h: Pick<Holding, 'type' | 'key'>): string {
  return catalogItemId(h.type, h.key);
}

/** What a launch wrote: how many items and which reviewers. */
export interface Written {
  items: number;
  reviewers: string[];
}

/**
 * Turns holdings into the campaign's items (risk, scope, reviewer) and inserts them in batches
 * inside the launch's transaction; nothing but the current batch and the reviewers' ids is kept.
 * Past `maxItems` it refuses the launch (`review.invalid`, field `scope`), which rolls it all back.
 */
export function createItemWriter(tx: StoreTx, ids: Ids, campaign: ReviewCampaign, maxItems: number) {
  const pick = createReviewerPicker(tx, campaign);
  const buffer: ReviewItem[] = [];
  const reviewers = new Set<string>();
  let count = 0;
  const flush = async () => {
    if (buffer.length > 0) await tx.reviews.insertItems(buffer.splice(0));
  };
  return {
    /** Reads what the reviewer rule needs for a page of holders at once. */
    prime: (holders: ReadonlyArray<ReviewHolder>) => pick.prime(holders.map((h) => h.identity)),
    async add(h: Holding, item: CatalogItem, granted?: { at: string; id: string }): Promise<void> {
      const risk = requestRisk(item, h.permissions as PermissionOptionId[]);
      if (!inScope(campaign.scope, h, risk)) return;
      if (count >= maxItems)
        throw new DomainError(
          'review.invalid',
          `this campaign would review more than ${maxItems.toLocaleString('en')} items; narrow its scope by spaces, groups, departments or risk (a group that gives many spaces to many people is better reviewed as the group)`,
          { field: 'scope', maxItems },
        );
      const { identity } = h.holder;
      const reviewerId = await pick(identity, item);
      buffer.push({
        id: ids.next('rvi'),
        campaignId: campaign.id,
        identityId: identity.id,
        personName: `${identity.firstName} ${identity.lastName}`,
        accountKey: h.holder.accountKey,
        itemId: item.id,
        itemName: h.via === null ? item.name : `${item.name} (through ${h.via.name})`,
        permissions: h.permissions,
        via: h.via?.key ?? null,
        grantedAt: granted?.at ?? null,
        grantRequestId: granted?.id ?? null,
        risk,
        lastActivity: h.holder.lastActivity,
        reviewerId,
        decision: null,
        comment: '',
        decidedBy: null,
        decidedAt: null,
        revocationRequestId: null,
        remindedAt: null,
        escalated: false,
      });
      reviewers.add(reviewerId);
      count += 1;
      if (buffer.length >= INSERT_BATCH) await flush();
    },
    async done(): Promise<Written> {
      await flush();
      return { items: count, reviewers: [...reviewers].sort() };
    },
  };
}

/** The writer a launch fills. */
export type ItemWriter = ReturnType<typeof createItemWriter>;
