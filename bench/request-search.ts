// `node --import tsx bench/request-search.ts [--store sqlite|postgres] [--requests 100000] [--root DIR]`
// The requests list's search in one process, no HTTP: a fresh store with people, catalog items and
// requests, then the first page of a search (median of 11) for text that is rare, absent and common.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    requests: { type: 'string', default: '100000' },
    /** A checkout whose store code is measured (another version against the same data). */
    root: { type: 'string', default: join(import.meta.dirname, '..') },
  },
});
const kind = values.store === 'postgres' ? 'postgres' : 'sqlite';
const { freshStore } = (await import(
  join(String(values.root), 'test', 'store', 'fresh-store.ts')
)) as typeof import('../test/store/fresh-store.ts');
const opened = await freshStore(kind);
const requests = Number(values.requests);
const person = (p: number) => ({
  id: `E${p}`,
  email: `e${p}@example.com`,
  firstName: `First${p}`,
  lastName: `Last${p}`,
  department: null,
  jobTitle: null,
  managerId: null,
  status: 'active' as const,
  extra: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const started = performance.now();
await opened.store.transaction(async (tx) => {
  for (let p = 0; p < 5000; p++) await tx.identities.upsert(person(p));
  for (let s = 0; s < 2000; s++) {
    await tx.catalog.upsert({
      id: `space:S${s}`,
      type: 'space',
      entitlementKey: `S${s}`,
      name: `Space ${s}`,
      requestable: true,
      owner: null,
      risk: 'low',
      optionRisks: {},
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  for (let n = 0; n < requests; n++) {
    await tx.requests.insert(
      {
        id: `req_${n.toString(36)}`,
        kind: 'grant',
        requesterId: `E${n % 5000}`,
        beneficiaryId: `E${(n * 7) % 5000}`,
        itemId: `space:S${n % 2000}`,
        permissions: ['view'],
        justification: 'work',
        endDate: null,
        status: 'awaiting_approval',
        workflow: 'default',
        stages: [],
        currentStage: 1,
        failureReason: null,
        outcome: null,
        createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
      null,
    );
  }
});
if (kind === 'postgres') {
  const client = new pg.Client({ connectionString: opened.location.url });
  await client.connect();
  await client.query(`SET search_path = ${opened.location.schema}`);
  await client.query('ANALYZE');
  await client.end();
}
process.stdout.write(
  `${kind}: ${requests} requests stored in ${Math.round(performance.now() - started)} ms\n`,
);
const searches = [
  ['a person (40 requests)', 'First4321'],
  ['an item (50 requests)', 'Space 1999'],
  ['nothing', 'nothing-matches'],
  ['1,111 people (44,000 requests)', 'Last1'],
];
for (const [what, q] of searches) {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const at = performance.now();
    await opened.store.transaction((tx) => tx.requests.page({ limit: 50, q }));
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`  "${q}", ${what}: first page ${times[5]?.toFixed(1)} ms (median of 11)\n`);
}
await opened.dispose();
