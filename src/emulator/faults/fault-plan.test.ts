import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultPlan } from './fault-plan.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('FaultPlan', () => {
  test('a counted rule fires for the next N matching requests only', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'status', status: 503, count: 2, pathPrefix: '/wiki' });
    assert.equal(plan.take('GET', '/scim/directory/x/Users'), undefined);
    assert.equal(plan.take('GET', '/wiki/api/v2/spaces')?.status, 503);
    assert.equal(plan.take('GET', '/wiki/api/v2/spaces')?.status, 503);
    assert.equal(plan.take('GET', '/wiki/api/v2/spaces'), undefined);
  });

  test('a rate rule fires for about that share of requests, the same way for the same seed', () => {
    const draw = (): number[] => {
      const plan = new FaultPlan(undefined, 11);
      plan.add({ kind: 'reset', rate: 0.25 });
      return Array.from({ length: 2_000 }, () => (plan.take('GET', '/x') === undefined ? 0 : 1));
    };
    const first = draw();
    const fired = first.reduce<number>((sum, n) => sum + n, 0);
    assert.ok(fired > 400 && fired < 600, `${fired}`);
    assert.deepEqual(first, draw());
  });

  test('skip lets the first matching requests through, then the rule fires', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'status', status: 500, method: 'POST', skip: 2, count: 1 });
    assert.equal(plan.take('GET', '/x'), undefined, 'another method does not use up the skip');
    assert.equal(plan.take('POST', '/x'), undefined);
    assert.equal(plan.list()[0]?.skip, 1);
    assert.equal(plan.take('POST', '/x'), undefined);
    assert.equal(plan.take('POST', '/x')?.status, 500);
    assert.equal(plan.take('POST', '/x'), undefined);
  });

  test('method filter and clear', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'malformed', method: 'post', count: 5 });
    assert.equal(plan.take('GET', '/x'), undefined);
    assert.equal(plan.take('POST', '/x')?.kind, 'malformed');
    assert.equal(plan.list()[0]?.count, 4);
    plan.clear();
    assert.equal(plan.take('POST', '/x'), undefined);
  });
});

describe('RateLimiter', () => {
  test('allows N a second, then answers with the window reset', () => {
    let now = 10_250;
    const limiter = new RateLimiter(2, () => now);
    assert.equal(limiter.take().allowed, true);
    const second = limiter.take();
    assert.equal(second.allowed, true);
    assert.equal(second.remaining, 0);
    const third = limiter.take();
    assert.equal(third.allowed, false);
    assert.equal(third.resetAt.getTime(), 11_000);
    now = 11_001;
    assert.equal(limiter.take().allowed, true);
  });
});
