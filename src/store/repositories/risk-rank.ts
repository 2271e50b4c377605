import { PERMISSION_OPTIONS } from '../../connector/index.ts';
import type { Dialect } from '../migrations/dialect.ts';

/** A risk level as a number that sorts: low 0, medium 1, high 2 (an unknown word counts as high). */
export function riskRank(level: string): number {
  return level === 'low' ? 0 : level === 'medium' ? 1 : 2;
}

/** `riskRank` in SQL, on a text expression that holds a risk word. */
function rankSql(expression: string): string {
  return `CASE ${expression} WHEN 'low' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;
}

/** The rank of a catalog item's own risk; migration 0013 indexes this very text. */
export const RISK_RANK_SQL = rankSql('risk');

/** Each permission option's default risk word, as `defaultOptionRisk` gives it (an unknown option is high). */
function defaultRiskSql(option: string): string {
  const cases = PERMISSION_OPTIONS.map((o) => `WHEN '${o.id}' THEN '${o.risk}'`);
  return `CASE ${option} ${cases.join(' ')} ELSE 'high' END`;
}

/**
 * The rank of a request's risk as `requestRisk` reckons it, in SQL over `access_requests` joined
 * to its catalog item as `c`: the item's risk, raised by each permission asked for (the item's
 * own risk for that option, else the option's default); a request whose item is gone is high.
 */
export function requestRiskRankSql(dialect: Dialect): string {
  const item = rankSql('c.risk');
  if (dialect === 'sqlite') {
    const option = `coalesce(json_extract(c.option_risks, '$."' || p.value || '"'), ${defaultRiskSql('p.value')})`;
    const options = `(SELECT max(${rankSql(option)}) FROM json_each(access_requests.permissions) p)`;
    return `(CASE WHEN c.id IS NULL THEN 2 ELSE max(${item}, coalesce(${options}, 0)) END)`;
  }
  const option = `coalesce(c.option_risks::jsonb ->> p.value, ${defaultRiskSql('p.value')})`;
  const options = `(SELECT max(${rankSql(option)}) FROM jsonb_array_elements_text(access_requests.permissions::jsonb) AS p(value))`;
  return `(CASE WHEN c.id IS NULL THEN 2 ELSE greatest(${item}, coalesce(${options}, 0)) END)`;
}
