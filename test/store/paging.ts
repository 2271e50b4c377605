import assert from 'node:assert/strict';
import type { Page, PageRequest } from '../../src/core/index.ts';

/**
 * Walks a paged query from its first page to its last by cursor and checks each page is full
 * except the last; returns every item in the order served.
 */
export async function walkPages<T>(
  fetch: (page: PageRequest) => Promise<Page<T>>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await fetch({ limit, ...(cursor === undefined ? {} : { cursor }) });
    pages += 1;
    assert.ok(page.items.length <= limit, `page ${pages} holds ${page.items.length} > ${limit}`);
    items.push(...page.items);
    if (page.nextCursor === null) return { items, pages };
    assert.equal(page.items.length, limit, `page ${pages} is short but names a next page`);
    cursor = page.nextCursor;
    assert.ok(pages < 10_000, 'the cursor never ends');
  }
}

/** Compares by each key in turn, as the stores order text (byte order; both run a C collation). */
export function byKeys<T>(...keys: Array<(item: T) => string | number>) {
  return (a: T, b: T): number => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}
