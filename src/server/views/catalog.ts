import type { RiskLevel } from '../../connector/index.ts';
import {
  type CatalogItem,
  type CatalogItemPatch,
  type CatalogQuery,
  defaultOptionRisk,
  type Governance,
  offeredOptions,
  type Page,
  parseCatalogItemId,
  type Store,
} from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';

/** A catalog item as the catalog table shows it. */
export interface CatalogRow {
  id: string;
  type: 'group' | 'space';
  name: string;
  key: string;
  risk: RiskLevel;
  requestable: boolean;
  owner: string | null;
  /** The item's own drift policy; null: the configured default. */
  driftPolicy: 'report' | 'revert' | null;
}

/** A permission option a requester can tick for a space, with its risk in this space. */
export interface OptionChoice {
  id: string;
  label: string;
  risk: RiskLevel;
}

function rowOf(item: CatalogItem): CatalogRow {
  return {
    id: item.id,
    type: item.type,
    name: item.name,
    key: item.entitlementKey,
    risk: item.risk,
    requestable: item.requestable,
    owner: item.owner,
    driftPolicy: item.driftPolicy ?? null,
  };
}

/** One page of catalog items searched by name or key, optionally of one type, requestable ones only unless `all`. */
export async function listCatalog(
  store: Store,
  query: Omit<CatalogQuery, 'requestable'> & { all?: boolean },
): Promise<Page<CatalogRow>> {
  const { all, ...rest } = query;
  const page = await store.transaction((tx) =>
    tx.catalog.page({ ...rest, ...(all === true ? {} : { requestable: true }) }),
  );
  return { ...page, items: page.items.map(rowOf) };
}

/** One catalog item with the options its space offers (those the connector reported manageable there). */
export async function catalogItem(
  store: Store,
  id: string,
): Promise<CatalogRow & { options: OptionChoice[] }> {
  parseCatalogItemId(id);
  const found = await store.transaction(async (tx) => {
    const item = await tx.catalog.get(id);
    const space =
      item?.type === 'space' ? await tx.entitlements.get('space', item.entitlementKey) : undefined;
    return item === undefined ? undefined : { item, offered: offeredOptions(space) };
  });
  if (found === undefined) throw new ApiError('api.not_found', `no catalog item ${id}`);
  const { item, offered } = found;
  const options = offered
    .filter((option) => option.manageable)
    .map((option) => ({
      id: option.id,
      label: option.label,
      risk: item.optionRisks[option.id] ?? defaultOptionRisk(option.id),
    }));
  return { ...rowOf(item), options };
}

/** Applies an administrator's change through the catalog service; the owner is given by identity email. */
export async function updateCatalogItem(
  store: Store,
  governance: Governance,
  actor: string,
  id: string,
  change: {
    requestable?: boolean | undefined;
    ownerEmail?: string | null | undefined;
    risk?: RiskLevel | undefined;
    driftPolicy?: 'report' | 'revert' | null | undefined;
  },
): Promise<void> {
  const patch: CatalogItemPatch = {};
  if (change.driftPolicy !== undefined) patch.driftPolicy = change.driftPolicy;
  if (change.requestable !== undefined) patch.requestable = change.requestable;
  if (change.risk !== undefined) patch.risk = change.risk;
  if (change.ownerEmail === null) patch.owner = null;
  else if (change.ownerEmail !== undefined) {
    const owner = await store.transaction((tx) => tx.identities.getByEmail(change.ownerEmail ?? ''));
    if (owner === undefined)
      throw new ApiError('api.invalid_input', `no identity with the email ${change.ownerEmail}`);
    patch.owner = owner.id;
  }
  await governance.catalog.update(id, patch, actor);
}
