import assert from 'node:assert/strict';
import type { ApiClient, Json, Reply } from './emulator-client.ts';

/** The `results` of a Confluence list answer (v1 and v2 alike). */
export const results = (reply: Reply): Json[] => reply.body.results as Json[];

/** The `_links` of a Confluence answer. */
export const links = (reply: Reply): Json => reply.body._links as Json;

/** Every item of a v1 list, page after page through `_links.next` (relative to `/wiki`); each page must be a 200. */
export async function walkV1(call: ApiClient, path: string): Promise<Json[]> {
  const all: Json[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const answer = await call('GET', next);
    assert.equal(answer.status, 200);
    all.push(...results(answer));
    const link = links(answer).next as string | undefined;
    next = link === undefined ? undefined : `/wiki${link}`;
  }
  return all;
}
