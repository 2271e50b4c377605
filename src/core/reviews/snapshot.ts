import { type PermissionOptionId, parseSpacePermissionValue } from '../../connector/index.ts';
import { catalogItemId } from '../catalog/catalog-service.ts';
import { requestRisk } from '../catalog/risk.ts';
import type { CatalogItem, Identity, StoredAccount, StoredEntitlement } from '../model.ts';
import type { Ids } from '../ports/ids.ts';
import type { StoreTx } from '../ports/store.ts';
import type { ReviewCampaign, ReviewItem, ReviewScope } from './review-model.ts';
import { createReviewerPicker } from './reviewers.ts';

/** One held piece of access before a reviewer is chosen. */
interface Holding {
  account: StoredAccount;
  identity: Identity;
  type: 'group' | 'space';
  key: string;
  permissions: string[];
  via: string | null;
}

function groupSpacePermissions(group: StoredEntitlement | undefined): string[] {
  const value = group?.attributes.spacePermissions;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function bySpace(values: ReadonlyArray<string>): Map<string, string[]> {
  const spaces = new Map<string, string[]>();
  for (const value of values) {
    const parsed = parseSpacePermissionValue(value);
    if (parsed !== undefined)
      spaces.set(parsed.spaceKey, [...(spaces.get(parsed.spaceKey) ?? []), parsed.option.id]);
  }
  return spaces;
}

function lastActivity(account: StoredAccount): string | null {
  const { lastActive, lastActiveTimestamp } = account.attributes;
  if (typeof lastActive === 'string') return lastActive;
  return typeof lastActiveTimestamp === 'string' ? lastActiveTimestamp : null;
}

function inScope(scope: ReviewScope, h: Holding, risk: string): boolean {
  const named = scope.spaces.length > 0 || scope.groups.length > 0;
  const listed = h.type === 'space' ? scope.spaces.includes(h.key) : scope.groups.includes(h.key);
  if (named && !listed) return false;
  if (scope.risks.length > 0 && !scope.risks.includes(risk as never)) return false;
  return scope.departments.length === 0 || scope.departments.includes(h.identity.department ?? '');
}

/** Every correlated account's access: groups held, space options held directly and through each group. */
async function holdings(tx: StoreTx): Promise<Holding[]> {
  const accounts = (await tx.accounts.list()).filter((a) => a.identityId !== null);
  const people = new Map(
    (await tx.identities.getMany(accounts.map((a) => a.identityId ?? ''))).map((p) => [p.id, p]),
  );
  const groups = new Map((await tx.entitlements.list('group')).map((g) => [g.key, g]));
  const found: Holding[] = [];
  for (const account of accounts) {
    const identity = people.get(account.identityId ?? '');
    if (identity === undefined) continue;
    const held = await tx.assignments.listByAccount(account.key);
    const base = { account, identity };
    for (const a of held.filter((x) => x.kind === 'group')) {
      found.push({ ...base, type: 'group', key: a.value, permissions: [], via: null });
      for (const [key, options] of bySpace(groupSpacePermissions(groups.get(a.value))))
        found.push({ ...base, type: 'space', key, permissions: options, via: a.value });
    }
    const direct = held.filter((x) => x.kind === 'space').map((x) => x.value);
    for (const [key, options] of bySpace(direct))
      found.push({ ...base, type: 'space', key, permissions: options, via: null });
  }
  return found;
}

/**
 * Freezes the campaign's items at launch: each piece of access in scope, with when and through
 * which request it was granted, its risk, the account's last activity and its reviewer.
 */
export async function snapshotItems(tx: StoreTx, ids: Ids, campaign: ReviewCampaign): Promise<ReviewItem[]> {
  const catalog = new Map<string, CatalogItem>((await tx.catalog.list()).map((c) => [c.id, c]));
  const groupNames = new Map((await tx.entitlements.list('group')).map((g) => [g.key, g.name]));
  const pick = createReviewerPicker(tx, campaign);
  const grants = new Map<string, Map<string, { at: string; id: string }>>();
  const grantOf = async (identityId: string, itemId: string) => {
    let mine = grants.get(identityId);
    if (mine === undefined) {
      mine = new Map();
      const done = await tx.requests.list({
        beneficiaryId: identityId,
        status: ['fulfilled', 'partially_fulfilled'],
      });
      for (const r of done.filter((x) => x.kind === 'grant'))
        mine.set(r.itemId, { at: r.updatedAt, id: r.id });
      grants.set(identityId, mine);
    }
    return mine.get(itemId);
  };
  const items: ReviewItem[] = [];
  for (const h of await holdings(tx)) {
    const itemId = catalogItemId(h.type, h.key);
    const item = catalog.get(itemId);
    if (item === undefined) continue;
    const risk = requestRisk(item, h.permissions as PermissionOptionId[]);
    if (!inScope(campaign.scope, h, risk)) continue;
    const granted = h.via === null ? await grantOf(h.identity.id, itemId) : undefined;
    items.push({
      id: ids.next('rvi'),
      campaignId: campaign.id,
      identityId: h.identity.id,
      personName: `${h.identity.firstName} ${h.identity.lastName}`,
      accountKey: h.account.key,
      itemId,
      itemName: h.via === null ? item.name : `${item.name} (through ${groupNames.get(h.via) ?? h.via})`,
      permissions: h.permissions,
      via: h.via,
      grantedAt: granted?.at ?? null,
      grantRequestId: granted?.id ?? null,
      risk,
      lastActivity: lastActivity(h.account),
      reviewerId: await pick(h.identity, item),
      decision: null,
      comment: '',
      decidedBy: null,
      decidedAt: null,
      revocationRequestId: null,
      remindedAt: null,
      escalated: false,
    });
  }
  return items;
}
