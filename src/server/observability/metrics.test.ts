import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetricsRegistry } from './metrics.ts';

test('counters, gauges and histograms render in the Prometheus text format', async () => {
  const registry = createMetricsRegistry();
  registry.counter('x_total', 'things').inc({ kind: 'a"b' }, 2);
  registry.gauge('depth', 'queue depth', async () => [{ labels: { state: 'queued' }, value: 3 }]);
  const latency = registry.histogram('latency_seconds', 'latency', [0.1, 1]);
  latency.observe(0.05);
  latency.observe(0.5);
  latency.observe(5);
  const text = await registry.render();
  assert.match(text, /^# TYPE x_total counter$/m);
  assert.match(text, /^x_total\{kind="a\\"b"\} 2$/m);
  assert.match(text, /^depth\{state="queued"\} 3$/m);
  assert.match(text, /^latency_seconds_bucket\{le="0.1"\} 1$/m);
  assert.match(text, /^latency_seconds_bucket\{le="1"\} 2$/m);
  assert.match(text, /^latency_seconds_bucket\{le="\+Inf"\} 3$/m);
  assert.match(text, /^latency_seconds_count 3$/m);
  assert.match(text, /^latency_seconds_sum 5.55$/m);
});
