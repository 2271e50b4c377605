import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAdaptiveLimiter } from './limiter.ts';

describe('adaptive limiter', () => {
  test('never runs more than the limit at once', async () => {
    const limiter = createAdaptiveLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await limiter.acquire();
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        release();
      }),
    );
    assert.equal(peak, 3);
  });

  test('halves on throttling and grows back one step per full window of successes', () => {
    const limiter = createAdaptiveLimiter(8, async () => {});
    limiter.throttled(0);
    assert.equal(limiter.limit, 4);
    limiter.throttled(0);
    limiter.throttled(0);
    limiter.throttled(0);
    assert.equal(limiter.limit, 1);
    limiter.succeeded();
    assert.equal(limiter.limit, 2);
    limiter.succeeded();
    assert.equal(limiter.limit, 2);
    limiter.succeeded();
    assert.equal(limiter.limit, 3);
    for (let i = 0; i < 100; i++) limiter.succeeded();
    assert.equal(limiter.limit, 8);
  });

  test('a throttle pauses the next acquirers for the server wait', async () => {
    const waits: number[] = [];
    const limiter = createAdaptiveLimiter(2, async (ms) => {
      waits.push(ms);
    });
    limiter.throttled(5000);
    const release = await limiter.acquire();
    release();
    assert.equal(waits.length, 1);
    assert.ok((waits[0] ?? 0) > 4000);
  });
});
