import fc from 'fast-check';
import type { RunningSpacegate } from '../../src/server/start.ts';

/** The fuzz seed: fixed by default, `FUZZ_SEED=n` to reproduce another run. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Time the fuzz of one surface may take (ms), spread over its routes: `FUZZ_MS` to change it. */
export const FUZZ_MS = Number(process.env.FUZZ_MS ?? 6000);

/** `FUZZ_COUNT=1` keeps fuzzing past a failure to count every 500 (for docs/reliability.md), instead of stopping at the first. */
export const COUNT_ONLY = process.env.FUZZ_COUNT !== undefined;

/** Strings an attacker or a bad day sends: empty, huge, negative, non-numeric, control and path characters. */
export const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.constantFrom(
    '',
    '-5',
    '0',
    '1e309',
    'NaN',
    '9007199254740993',
    'null',
    '[]',
    '{}',
    '../..',
    '%00',
    '\u0000',
  ),
  fc.constantFrom('x'.repeat(201), 'x'.repeat(2001), 'x'.repeat(10_000)),
);

/** Key-value pairs over the given keys (a key may repeat, as checkboxes and crafted URLs do). */
export function pairs(keys: string[]): fc.Arbitrary<Array<[string, string]>> {
  if (keys.length === 0) return fc.constant([]);
  return fc.array(fc.tuple(fc.constantFrom(...keys), nasty), { maxLength: 6 });
}

/** A route path with each `:param` filled by a real value or a nasty one. */
export function pathFor(url: string, real: Record<string, string[]>): fc.Arbitrary<string> {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  const values = names.map((name) => fc.oneof(fc.constantFrom(...(real[name] ?? ['x'])), nasty));
  return fc.tuple(...values).map((chosen) => {
    let i = 0;
    return url.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(chosen[i++] ?? ''));
  });
}

/** The routes the server registered (its own table), without HEAD twins and the static API reference. */
export function routesOf(running: RunningSpacegate): Array<{ method: string; url: string }> {
  return running.app.routeTable.filter(
    (r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs') && !r.url.includes('*'),
  );
}

/** Real values for path parameters, so fuzzing reaches past "not found". */
export async function realParams(running: RunningSpacegate): Promise<Record<string, string[]>> {
  const { store } = running.runtime;
  return store.transaction(async (tx) => {
    const items = (await tx.catalog.list()).slice(0, 3);
    const accounts = (await tx.accounts.list()).slice(0, 2);
    const requests = (await tx.requests.list()).slice(0, 3);
    const entitlements = (await tx.entitlements.list()).slice(0, 2);
    return {
      id: [...items.map((i) => i.id), ...requests.map((r) => r.id)].concat('x'),
      requestId: requests.map((r) => r.id).concat('x'),
      key: [...accounts.map((a) => a.key), ...entitlements.map((e) => e.key)].concat('x'),
      type: ['group', 'space', 'x'],
    };
  });
}

/** What a fuzz run saw: requests sent, answers of 500, refused inputs that changed stored data. */
export interface FuzzTally {
  requests: number;
  errors500: string[];
  changedByRefusal: string[];
}

/** Prints the tally (the figures docs/reliability.md records). */
export function report(surface: string, tally: FuzzTally): void {
  process.stdout.write(
    `# fuzz ${surface}: seed ${FUZZ_SEED}, ${tally.requests} requests, ${tally.errors500.length} answers of 500, ` +
      `${tally.changedByRefusal.length} refused inputs that changed stored data\n`,
  );
  for (const line of [...tally.errors500, ...tally.changedByRefusal].slice(0, 20))
    process.stdout.write(`#   ${line}\n`);
}
