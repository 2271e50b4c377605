import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHashGate } from './hash-gate.ts';

test('the gate runs at most `concurrency` checks at once, queues `queue` more and refuses the rest', async () => {
  const gate = createHashGate({ concurrency: 2, queue: 1 });
  const releases: Array<() => void> = [];
  let peak = 0;
  const check = () =>
    new Promise<string>((resolve) => {
      peak = Math.max(peak, gate.load().running);
      releases.push(() => resolve('ok'));
    });
  const runs = [gate.run(check), gate.run(check), gate.run(check)];
  assert.equal(await gate.run(check), undefined, 'a fourth check is refused while two run and one waits');
  assert.deepEqual(gate.load(), { running: 2, waiting: 1 });
  while (releases.length > 0 || gate.load().running > 0) {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(await Promise.all(runs), [{ value: 'ok' }, { value: 'ok' }, { value: 'ok' }]);
  assert.equal(peak, 2);
  assert.deepEqual(gate.load(), { running: 0, waiting: 0 });
});
