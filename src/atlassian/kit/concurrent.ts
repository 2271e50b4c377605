/** The outcome of one item of a concurrent map: its value or its error, with the item itself. */
export type Settled<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: unknown };

/**
 * Runs `fn` over `source` with at most `width` calls in flight and yields each outcome as soon as
 * it settles (completion order). The source is pulled lazily, so memory stays bounded by `width`.
 */
export async function* mapConcurrent<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  width: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<Settled<T, R>> {
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  const running = new Map<number, Promise<{ id: number; settled: Settled<T, R> }>>();
  let nextId = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && running.size < width) {
        const next = await iterator.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        const item = next.value;
        running.set(
          id,
          fn(item).then(
            (value) => ({ id, settled: { item, ok: true as const, value } }),
            (error: unknown) => ({ id, settled: { item, ok: false as const, error } }),
          ),
        );
      }
      if (running.size === 0) return;
      const { id, settled } = await Promise.race(running.values());
      running.delete(id);
      yield settled;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}

/** Splits an iterable into arrays of at most `size` items. */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
