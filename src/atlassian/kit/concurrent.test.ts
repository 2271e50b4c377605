import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunks, mapConcurrent } from './concurrent.ts';

describe('mapConcurrent', () => {
  test('yields every outcome, failures included, never more than width in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const failed: number[] = [];
    for await (const outcome of mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (7 - n) * 2));
      inFlight--;
      if (n === 4) throw new Error('four');
      return n * 10;
    })) {
      if (outcome.ok) seen.push(outcome.value);
      else failed.push(outcome.item);
    }
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      [10, 20, 30, 50, 60, 70],
    );
    assert.deepEqual(failed, [4]);
    assert.equal(peak, 3);
  });

  test('pulls an async source lazily', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    for await (const outcome of mapConcurrent(source(), 2, async (n) => n)) {
      if (outcome.ok && outcome.value === 0) break;
    }
    assert.ok(pulled <= 3, `pulled ${pulled}`);
  });
});

test('chunks splits into batches', () => {
  assert.deepEqual([...chunks([1, 2, 3, 4, 5], 2)], [[1, 2], [3, 4], [5]]);
  assert.deepEqual([...chunks([], 2)], []);
});
