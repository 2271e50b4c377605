import type { GroupEntitlement, PermissionOptionId, RiskLevel } from '../../connector/index.ts';
import { recordEvent } from '../audit/audit.ts';
import { DomainError } from '../errors.ts';
import type { CatalogItem, DriftPolicy, StoredEntitlement } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { catalogItemId, parseCatalogItemId } from './catalog-item-id.ts';
import { defaultOptionRisk } from './risk.ts';
import { offeredOptions } from './space-options.ts';

export { catalogItemId } from './catalog-item-id.ts';

function defaultItem(entitlement: StoredEntitlement, now: string): CatalogItem {
  const role = (entitlement.attributes as Partial<GroupEntitlement['attributes']>).role;
  return {
    id: catalogItemId(entitlement.type, entitlement.key),
    type: entitlement.type,
    entitlementKey: entitlement.key,
    name: entitlement.name,
    requestable: entitlement.type === 'space' || role !== 'admin',
    owner: null,
    risk: entitlement.type === 'group' && role === 'admin' ? 'high' : 'low',
    optionRisks: {},
    updatedAt: now,
  };
}

/** Entitlements and catalog items read per page by the sync: its memory does not grow with the site. */
const SYNC_PAGE = 500;

/**
 * Adds a catalog item for every aggregated entitlement that has none, and keeps names current;
 * runs on the aggregation's transaction. Owner, risk and requestability set by people are kept;
 * an item whose entitlement is gone stops being requestable. Both tables are read a page at a
 * time (each page's counterparts fetched by id), never whole.
 */
export async function syncCatalog(tx: StoreTx, clock: Clock, actor: string): Promise<number> {
  const now = clock.now().toISOString();
  let added = 0;
  let cursor: string | undefined;
  do {
    const page = await tx.entitlements.page({
      limit: SYNC_PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const ids = page.items.map((entitlement) => catalogItemId(entitlement.type, entitlement.key));
    const items = new Map((await tx.catalog.getMany(ids)).map((item) => [item.id, item]));
    for (const entitlement of page.items) {
      const existing = items.get(catalogItemId(entitlement.type, entitlement.key));
      if (existing === undefined) {
        const item = defaultItem(entitlement, now);
        await tx.catalog.upsert(item);
        await recordEvent(tx, clock, {
          actor,
          type: 'catalog.item_added',
          subject: `catalog:${item.id}`,
          data: { ...item },
        });
        added++;
      } else if (existing.name !== entitlement.name) {
        await tx.catalog.upsert({ ...existing, name: entitlement.name, updatedAt: now });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  await retireVanished(tx, clock, actor, now);
  return added;
}

/** Makes the requestable items whose entitlement is gone unrequestable, a page of items at a time. */
async function retireVanished(tx: StoreTx, clock: Clock, actor: string, now: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await tx.catalog.page({
      limit: SYNC_PAGE,
      requestable: true,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const present = new Set<string>();
    for (const type of ['group', 'space'] as const) {
      const keys = page.items.filter((item) => item.type === type).map((item) => item.entitlementKey);
      for (const found of await tx.entitlements.getMany(type, keys))
        present.add(catalogItemId(found.type, found.key));
    }
    for (const item of page.items) {
      if (present.has(item.id)) continue;
      const next = { ...item, requestable: false, updatedAt: now };
      await tx.catalog.upsert(next);
      await recordEvent(tx, clock, {
        actor,
        type: 'catalog.item_changed',
        subject: `catalog:${item.id}`,
        data: { before: { ...item }, after: { ...next }, reason: 'the entitlement no longer exists' },
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** What an administrator may change on a catalog item. */
export interface CatalogItemPatch {
  requestable?: boolean;
  owner?: string | null;
  risk?: RiskLevel;
  optionRisks?: CatalogItem['optionRisks'];
  /** The item's own drift policy; null goes back to the configured default. */
  driftPolicy?: DriftPolicy | null;
}

/** One permission option a space item offers, with whether it can be requested and its risk. */
export interface CatalogOption {
  id: PermissionOptionId;
  label: string;
  manageable: boolean;
  risk: RiskLevel;
}

/** The catalog: list, read, and change items (each change audited as a policy change on the item). */
export interface CatalogService {
  list(): Promise<CatalogItem[]>;
  get(id: string): Promise<CatalogItem>;
  /** The item with the permission options it offers (none for a group). */
  describe(id: string): Promise<{ item: CatalogItem; options: CatalogOption[] }>;
  update(id: string, patch: CatalogItemPatch, actor: string): Promise<CatalogItem>;
}

/** The item with this id: `catalog.invalid_id` when the id is malformed, `catalog.not_found` when absent. */
async function existingItem(tx: StoreTx, id: string): Promise<CatalogItem> {
  parseCatalogItemId(id);
  const item = await tx.catalog.get(id);
  if (item === undefined) throw new DomainError('catalog.not_found', `no catalog item ${id}`, { id });
  return item;
}

/** Creates the catalog service. */
export function createCatalogService(deps: { store: Store; clock: Clock }): CatalogService {
  const { store, clock } = deps;
  return {
    list: () => store.transaction((tx) => tx.catalog.list()),
    get: (id) => store.transaction((tx) => existingItem(tx, id)),
    describe: (id) =>
      store.transaction(async (tx) => {
        const item = await existingItem(tx, id);
        if (item.type === 'group') return { item, options: [] };
        const offered = offeredOptions(await tx.entitlements.get('space', item.entitlementKey));
        const options = offered.map((o) => ({
          ...o,
          risk: item.optionRisks[o.id] ?? defaultOptionRisk(o.id),
        }));
        return { item, options };
      }),
    update: (id, patch, actor) =>
      store.transaction(async (tx) => {
        const item = await existingItem(tx, id);
        if (
          patch.owner !== undefined &&
          patch.owner !== null &&
          (await tx.identities.get(patch.owner)) === undefined
        ) {
          throw new DomainError('identity.not_found', `no identity ${patch.owner} to own ${id}`, {
            owner: patch.owner,
          });
        }
        const { driftPolicy, ...rest } = patch;
        const { driftPolicy: previous, ...base } = item;
        const policy = driftPolicy === undefined ? previous : (driftPolicy ?? undefined);
        const next: CatalogItem = {
          ...base,
          ...rest,
          ...(policy === undefined ? {} : { driftPolicy: policy }),
          updatedAt: clock.now().toISOString(),
        };
        await tx.catalog.upsert(next);
        await recordEvent(tx, clock, {
          actor,
          type: 'catalog.item_changed',
          subject: `catalog:${id}`,
          data: { before: { ...item }, after: { ...next } },
        });
        return next;
      }),
  };
}
