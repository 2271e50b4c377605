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
 * Reads `group:<id>` or `space:<KEY>`; throws `catalog.invalid_id` naming the problem (no such
 * kind, an empty key, whitespace around the key, a control character). Whatever else a key holds is
 * kept as Confluence gave it, so every id the catalog holds today still parses.
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
  if (key.trim() !== key) throw invalid(text, `the ${what} starts or ends with whitespace`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalid(text, `the ${what} holds a control character`);
  return { type, key };
}
