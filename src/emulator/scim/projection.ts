import { badRequest } from './errors.ts';
import type { ScimJson } from './schemas.ts';

/** Attributes returned whatever `attributes` or `excludedAttributes` say (RFC 7643 §7 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas']);

/** Trims a resource to what `attributes` / `excludedAttributes` ask for. */
export interface Projection {
  (resource: ScimJson): ScimJson;
  /** Whether the answer will show this top-level attribute, so costly ones need not be built. */
  shows(attribute: string): boolean;
}

/**
 * Reads `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5; Atlassian: mutually exclusive,
 * both given is a 400 `invalidValue`). Names may be dotted (`emails.value`, `name.givenName`) or
 * URN-qualified, and are matched case-insensitively.
 */
export function parseProjection(query: { attributes?: string; excludedAttributes?: string }): Projection {
  const included = names(query.attributes);
  const excluded = names(query.excludedAttributes);
  if (included.length > 0 && excluded.length > 0) {
    throw badRequest('invalidValue', "'attributes' and 'excludedAttributes' are mutually exclusive.");
  }
  const named = (paths: string[][], attribute: string) =>
    paths.some(([head]) => head?.toLowerCase() === attribute.toLowerCase());
  if (included.length > 0) {
    return Object.assign((resource: ScimJson) => pick(resource, included), {
      shows: (attribute: string) => named(included, attribute),
    });
  }
  const whole = (path: string[]) => path.length === 1;
  return Object.assign((resource: ScimJson) => (excluded.length > 0 ? omit(resource, excluded) : resource), {
    shows: (attribute: string) => !named(excluded.filter(whole), attribute),
  });
}

function names(raw: string | undefined): string[][] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map(splitName);
}

/** Splits `urn:…:User:name.givenName` into its key path: the URN of an extension is its own key. */
function splitName(name: string): string[] {
  const colon = name.lastIndexOf(':');
  const urn = colon < 0 ? '' : name.slice(0, colon);
  const parts = name.slice(colon + 1).split('.');
  if (urn === '' || urn.endsWith(':core:2.0:User') || urn.endsWith(':core:2.0:Group')) return parts;
  return [urn, ...parts];
}

function keyOf(resource: ScimJson, name: string): string | undefined {
  return Object.keys(resource).find((key) => key.toLowerCase() === name.toLowerCase());
}

function pick(resource: ScimJson, paths: string[][]): ScimJson {
  const result: ScimJson = {};
  for (const key of Object.keys(resource)) if (ALWAYS.has(key)) result[key] = resource[key];
  for (const [head, ...rest] of paths) {
    const key = head === undefined ? undefined : keyOf(resource, head);
    if (key === undefined || ALWAYS.has(key)) continue;
    const value = resource[key];
    if (rest.length === 0 || value === null || typeof value !== 'object') {
      result[key] = value;
    } else if (Array.isArray(value)) {
      const prior = Array.isArray(result[key]) ? (result[key] as ScimJson[]) : value.map(() => ({}));
      result[key] = value.map((item: ScimJson, index) => ({ ...prior[index], ...pick(item, [rest]) }));
    } else {
      result[key] = { ...(result[key] as ScimJson | undefined), ...pick(value as ScimJson, [rest]) };
    }
  }
  return result;
}

function omit(resource: ScimJson, paths: string[][]): ScimJson {
  let result: ScimJson = { ...resource };
  for (const [head, ...rest] of paths) {
    const key = head === undefined ? undefined : keyOf(result, head);
    if (key === undefined || ALWAYS.has(key)) continue;
    const value = result[key];
    if (rest.length === 0) {
      const { [key]: _dropped, ...kept } = result;
      result = kept;
    } else if (Array.isArray(value)) {
      result[key] = value.map((item: ScimJson) => omit(item, [rest]));
    } else if (value !== null && typeof value === 'object') {
      result[key] = omit(value as ScimJson, [rest]);
    }
  }
  return result;
}
