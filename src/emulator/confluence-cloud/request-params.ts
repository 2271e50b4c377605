import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.ts';

/** The raw query of a request as Fastify parses it (repeated keys become arrays). */
export type Query = Record<string, string | string[] | undefined>;

/** The query of a request, typed. */
export function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

/** One query value; the first when repeated. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A list parameter: repeated keys and comma lists both count (`ids=1&ids=2`, `ids=1,2`). */
export function list(query: Query, name: string): string[] {
  const value = query[name];
  const raw = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return raw
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An integer parameter within bounds, its default when absent; 400 when not an integer or out of range. */
export function integer(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw))
    throw badRequest(`Provided value {${raw}} for '${name}' is not the correct type.`);
  const value = Number(raw);
  if (value < min || value > max)
    throw badRequest(`Provided value {${raw}} for '${name}' must be between ${min} and ${max}.`);
  return value;
}

/** A boolean parameter (`true`/`false`), its default when absent; 400 otherwise. */
export function flag(query: Query, name: string, fallback: boolean): boolean {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw badRequest(`Provided value {${raw}} for '${name}' is not the correct type. Expected type is boolean`);
}

/** An enumerated parameter, or undefined when absent; 400 for a value outside the enum. */
export function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw badRequest(`Provided value {${raw}} for '${name}' is not one of ${allowed.join(', ')}.`);
}

/** The site's base URL as Confluence reports it in `_links.base`: scheme, host and the `/wiki` context. */
export function siteBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}/wiki`;
}

/** The `expand` parameter as a set (comma lists and repeated keys). */
export function expansions(query: Query): Set<string> {
  return new Set(list(query, 'expand'));
}
