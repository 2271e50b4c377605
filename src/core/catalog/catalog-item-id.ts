import { DomainError } from '../errors.ts';

/**
 * A catalog item id parsed once where it enters: which kind of entitlement and its key, the same
 * pair an aggregated entitlement is stored under (`tx.entitlements.get(ref.type, ref.key)`).
 * The key is a group's id, or a space's key as Confluence gives it: upper case for team spaces,
 * `~username` (Data Center) or `~557058:…` (Cloud, with a colon) for personal spaces.
 */
export interface CatalogItemRef {
  type: 'group' | 'space';
  key: string;
}

const KIND = { group: 'group id', space: 'space key' } as const;

/** The catalog id of an entitlement: `group:<id>` or `space:<KEY>` (the stored and wire format). */
export function catalogItemId(type: CatalogItemRef['type'], key: string): string {
  return `${type}:${key}`;
}

function invalid(text: string, problem: string): DomainError {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  return new DomainError('catalog.invalid_id', `catalog item id ${shown}: ${problem}`, { id: text });
}

/**
 * Reads `group:<id>` or `space:<KEY>`; throws `catalog.invalid_id` naming the problem (no kind, an
 * unknown kind, a blank key). Anything else a key holds is kept as Confluence gave it (Data Center
 * takes a group name with spaces around it), so every id the catalog can hold still parses, and
 * the stored requests that name one are read without fail.
 */
export function parseCatalogItemId(text: string): CatalogItemRef {
  const at = text.indexOf(':');
  const type = text.slice(0, Math.max(at, 0));
  if (type !== 'group' && type !== 'space') {
    const problem = type === '' ? 'no kind' : `unknown kind ${JSON.stringify(type.slice(0, 20))}`;
    throw invalid(text, `${problem}; expected space:KEY or group:<id>`);
  }
  const key = text.slice(at + 1);
  const what = KIND[type];
  if (key.trim() === '') throw invalid(text, `the ${what} is empty`);
  return { type, key };
}
