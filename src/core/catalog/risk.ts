import { type PermissionOptionId, permissionOption, type RiskLevel } from '../../connector/index.ts';
import type { CatalogItem } from '../model.ts';

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/** The higher of two risk levels. */
function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** The default risk of each permission option (Admin, Export Space, Add/Delete Restrictions are high). */
export function defaultOptionRisk(option: PermissionOptionId): RiskLevel {
  return permissionOption(option)?.risk ?? 'high';
}

/** The risk of a request for this item with these options: the item's, raised by each option's. */
export function requestRisk(item: CatalogItem, permissions: PermissionOptionId[]): RiskLevel {
  return permissions.reduce<RiskLevel>(
    (risk, option) => maxRisk(risk, item.optionRisks[option] ?? defaultOptionRisk(option)),
    item.risk,
  );
}
