import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { newApiToken } from '../../src/server/auth/secrets.ts';
import { demoHrFile, demoUsers, demoWorkflows } from '../../src/server/compose/demo.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { type RunningSpacegate, startSpacegate, startWorkerProcess } from '../../src/server/start.ts';
import { createClient } from './http-client.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sg_server_${process.pid}_${Date.now() % 100000}`;
const token = newApiToken();
let emulator: RunningEmulator;
let server: RunningSpacegate;
let worker: { metricsUrl: string | undefined; close(): Promise<void> };
let requesterEmail = '';

before(async () => {
  emulator = await startEmulator({ size: 'small', seed: 11 });
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-pg-'));
  writeFileSync(join(dir, 'connector.json'), JSON.stringify(emulator.connectorConfig()));
  const { csv, people } = demoHrFile(emulator);
  writeFileSync(join(dir, 'hr.csv'), csv);
  writeFileSync(join(dir, 'workflows.yaml'), demoWorkflows());
  const state = emulator.state;
  const { users } = await demoUsers(people, (email) => {
    const account = state.accountByEmailAddress(email);
    return account !== undefined && state.hasProduct(account.accountId, 'confluence');
  });
  requesterEmail = users.find((u) => u.username === 'requester')?.identity ?? '';
  const config = parseConfig({
    atlassian: { connectorFile: join(dir, 'connector.json') },
    store: { url: PG_URL, schema },
    sources: { hrFile: join(dir, 'hr.csv'), workflowsFile: join(dir, 'workflows.yaml') },
    server: { sessionSecret: 'shared-secret-of-the-deployment-0123456789' },
    auth: { users, apiTokens: [{ name: 'ops', sha256: token.sha256, roles: ['administrator'] }] },
    worker: { enabled: false, pollMs: 100, metricsPort: 0 },
  });
  const logger = createLogger({ level: 'silent' });
  server = await startSpacegate({ config, logger, port: 0 });
  worker = await startWorkerProcess({ config, logger });
});

after(async () => {
  await worker?.close();
  await server?.close();
  await emulator?.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  await client.end();
});

describe('several processes on PostgreSQL: `start` without a worker, and `spacegate worker`', () => {
  test('the HTTP process queues the approved request and the separate worker fulfils it', async () => {
    const auth = { authorization: `Bearer ${token.token}` };
    const started = (await (
      await fetch(`${server.url}/api/v1/aggregations`, { method: 'POST', headers: auth })
    ).json()) as { id: string };
    for (let status = 'running'; status === 'running'; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (
        (await (
          await fetch(`${server.url}/api/v1/aggregations/${started.id}`, { headers: auth })
        ).json()) as { status: string }
      ).status;
      assert.notEqual(status, 'failed');
    }
    const account = emulator.state.accountByEmailAddress(requesterEmail);
    assert.ok(account);
    const space = [...emulator.state.spaces.values()].find(
      (s) =>
        s.type === 'global' &&
        s.status === 'current' &&
        !s.permissions.some((p) => p.principal.type === 'user' && p.principal.id === account.accountId),
    );
    assert.ok(space);

    const requester = createClient(server.url);
    await requester.signIn('requester', 'demo');
    const created = await requester.json(
      'POST',
      '/api/v1/requests',
      { itemId: `space:${space.key}`, permissions: ['view'], justification: 'pg' },
      await requester.csrf(),
    );
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const approver = createClient(server.url);
    await approver.signIn('approver', 'demo');
    const decided = await approver.json(
      'POST',
      `/api/v1/requests/${id}/decision`,
      { decision: 'approve' },
      await approver.csrf(),
    );
    assert.equal(decided.status, 200, await decided.clone().text());

    let status = '';
    for (let i = 0; i < 150 && status !== 'fulfilled' && status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = ((await (await requester.request(`/api/v1/requests/${id}`)).json()) as { status: string })
        .status;
    }
    assert.equal(status, 'fulfilled');
    assert.ok(
      space.permissions.some(
        (p) => p.principal.type === 'user' && p.principal.id === account.accountId && p.key === 'read',
      ),
    );
    const workerMetrics = await (await fetch(`${worker.metricsUrl}/metrics`)).text();
    assert.match(workerMetrics, /spacegate_fulfillment_latency_seconds_count\{outcome="done"\} 1/);
    assert.match(workerMetrics, /spacegate_queue_depth\{state="queued"\} \d+/);
    const ready = (await (await fetch(`${server.url}/ready`)).json()) as {
      checks: Array<{ name: string; ok: boolean }>;
    };
    assert.deepEqual(
      ready.checks.map((c) => [c.name, c.ok]),
      [
        ['store', true],
        ['queue', true],
      ],
    );
  });
});
