import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full GC kept, in percent. Left to
 * itself, V8 picks up to 300% (4×) whenever the heap limit is 2 GB or more, the default on any
 * machine over 8 GB of memory: an aggregation of a large site keeps about 60 MB live yet peaked at
 * 260 MB of heap, mostly response bodies already read. 50% holds that peak near 130 MB for a few
 * more concurrent-marking cycles. The heap limit itself is unchanged, so nothing runs out sooner.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Applies the heap growth policy of the long-running processes (`start`, `worker`). V8 reads this
 * flag each time it sets the next GC limit, so setting it once the process runs takes effect at
 * the next full GC (`node --heap-growing-percent=N` gives another value from the start).
 */
export function limitHeapGrowth(): void {
  const given = process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
