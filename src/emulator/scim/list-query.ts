import { parse } from 'scim2-parse-filter';
import { badRequest } from './errors.ts';
import { LIST_SCHEMA, type ScimJson } from './schemas.ts';

/** Atlassian returns 100 resources when `count` is omitted, and the emulator caps `count` there too. */
export const MAX_COUNT = 100;

/** A single `eq` filter, the only kind Atlassian accepts. */
export interface EqFilter {
  attribute: string;
  value: string;
}

/**
 * Parses a `filter` with `scim2-parse-filter`, then accepts only one `eq` on an allowed attribute
 * (matched case-insensitively, returned in its canonical spelling) with a string value; anything
 * else is a 400 `invalidFilter`.
 */
export function parseEqFilter(filter: string | undefined, allowed: readonly string[]): EqFilter | undefined {
  if (filter === undefined) return undefined;
  const reject = (why: string) =>
    badRequest(
      'invalidFilter',
      `Unsupported filter '${filter}': ${why}. Only ${allowed.join(' or ')} eq "…" is supported.`,
    );
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(filter);
  } catch {
    throw reject('the filter could not be parsed');
  }
  if (parsed.op !== 'eq' || !('compValue' in parsed))
    throw reject(`operator '${parsed.op}' is not supported`);
  const attribute = allowed.find((name) => name.toLowerCase() === parsed.attrPath.toLowerCase());
  if (attribute === undefined) throw reject(`attribute '${parsed.attrPath}' is not filterable`);
  if (typeof parsed.compValue !== 'string') throw reject('the value must be a string');
  return { attribute, value: parsed.compValue };
}

/** The page a list request asks for: a 1-based `startIndex` and a `count` capped at 100. */
export interface Page {
  startIndex: number;
  count: number;
}

/**
 * Reads `startIndex` (default 1; below 1 means 1, RFC 7644 §3.4.2.4) and `count` (default and cap
 * 100; negative means 0); values that are not integers are a 400 `invalidValue`.
 */
export function parsePage(query: { startIndex?: string; count?: string }): Page {
  const integer = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw)) throw badRequest('invalidValue', `'${name}' must be an integer, got '${raw}'.`);
    return Number(raw);
  };
  const startIndex = Math.max(1, integer('startIndex', query.startIndex) ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, integer('count', query.count) ?? MAX_COUNT));
  return { startIndex, count };
}

/**
 * Cuts one page out of the matching resources and wraps it in a ListResponse (RFC 7644 §3.4.2).
 * It walks the items once and keeps only the page, so a 100,000-user directory costs no copies.
 */
export function listResponse<T>(items: Iterable<T>, page: Page, render: (item: T) => ScimJson): ScimJson {
  const first = page.startIndex - 1;
  let slice: T[] = [];
  let total = 0;
  if (Array.isArray(items)) {
    slice = items.slice(first, first + page.count);
    total = items.length;
  } else {
    for (const item of items) {
      if (total >= first && slice.length < page.count) slice.push(item);
      total += 1;
    }
  }
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex: page.startIndex,
    itemsPerPage: slice.length,
    Resources: slice.map(render),
  };
}
