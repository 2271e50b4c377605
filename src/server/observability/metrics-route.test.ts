import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newApiToken } from '../auth/secrets.ts';
import { createLogger } from './logger.ts';
import { createServerMetrics } from './metrics.ts';
import { startMetricsServer } from './metrics-route.ts';

test('a metrics port of its own needs the metrics token when one is configured, and is open without one', async () => {
  const token = newApiToken();
  const logger = createLogger({ level: 'silent' });
  const guarded = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    metrics: createServerMetrics(),
    tokenSha256: token.sha256,
  });
  const open = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    metrics: createServerMetrics(),
    tokenSha256: undefined,
  });
  try {
    const anonymous = await fetch(`${guarded.url}/metrics`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { code: string }).code, 'auth.required');
    const wrong = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer sgt_x' } });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const right = await fetch(`${guarded.url}/metrics`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /# TYPE spacegate_http_requests_total counter/);
    assert.equal((await fetch(`${guarded.url}/health`)).status, 200);
    const unguarded = await fetch(`${open.url}/metrics`);
    assert.equal(unguarded.status, 200);
    await unguarded.body?.cancel();
  } finally {
    await guarded.close();
    await open.close();
  }
});
