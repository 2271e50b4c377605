import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { newApiToken } from '../../src/server/auth/secrets.ts';
import type { AggregationRun } from '../../src/server/index.ts';
import { type SpacegateProcess, startSpacegateProcess } from './spacegate-process.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const token = newApiToken();
const auth = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
let emulator: RunningEmulator;
let dir: string;
const schemas: string[] = [];
const processes: SpacegateProcess[] = [];

function config(schema: string, aggregation: Record<string, unknown>) {
  return {
    atlassian: { connectorFile: join(dir, 'connector.json') },
    store: { url: PG_URL, schema },
    server: { sessionSecret: 'shared-secret-of-the-deployment-0123456789' },
    auth: { apiTokens: [{ name: 'ops', sha256: token.sha256, roles: ['administrator'] }] },
    worker: { enabled: false },
    log: { level: 'warn' },
    aggregation,
  };
}

async function pair(name: string, aggregation: Record<string, unknown>): Promise<SpacegateProcess[]> {
  const schema = `sg_aggr_${name}_${process.pid}`;
  schemas.push(schema);
  // One after the other: two processes creating a fresh schema's queue tables at once can deadlock.
  const started: SpacegateProcess[] = [];
  for (const p of ['a', 'b'])
    started.push(await startSpacegateProcess(dir, `${name}-${p}`, config(schema, aggregation)));
  processes.push(...started);
  return started;
}

async function post(server: SpacegateProcess) {
  const response = await fetch(`${server.url}/api/v1/aggregations`, {
    method: 'POST',
    headers: auth,
    body: '{}',
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function getRun(server: SpacegateProcess, id: string): Promise<AggregationRun> {
  return (await (
    await fetch(`${server.url}/api/v1/aggregations/${id}`, { headers: auth })
  ).json()) as AggregationRun;
}

async function until<T>(check: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  // Slow enough that a run on `small` lasts a few seconds: long enough to race it and to kill it.
  emulator = await startEmulator({ size: 'small', seed: 5, latencyMs: 40 });
  dir = mkdtempSync(join(tmpdir(), 'spacegate-aggr-'));
  writeFileSync(join(dir, 'connector.json'), JSON.stringify(emulator.connectorConfig()));
});

after(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  }
  await client.end();
});

describe('aggregation runs shared by two server processes on one PostgreSQL', () => {
  test('racing starts: one runs, the other is told `aggregation.running` with the run; a killed owner does not block for ever', async () => {
    const [a, b] = await pair('race', { leaseSeconds: 5 });
    assert.ok(a && b);
    const answers = await Promise.all([post(a), post(b)]);
    const started = answers.find((r) => r.status === 202);
    const refused = answers.find((r) => r.status === 409);
    assert.ok(started && refused, JSON.stringify(answers));
    assert.equal(refused.body.code, 'aggregation.running');
    const details = refused.body.details as { runId: string; run: string };
    assert.equal(details.runId, started.body.id);
    assert.equal(details.run, `/api/v1/aggregations/${started.body.id}`);
    const owner = answers[0] === started ? a : b;
    const survivor = owner === a ? b : a;
    const id = String(started.body.id);
    const seen = await until(
      () => getRun(survivor, id),
      (r) => r.status !== 'running' || r.progress.apiCalls > 0,
    );
    assert.equal(seen.status, 'running', 'the run lasts long enough to be killed');
    assert.ok(seen.progress.apiCalls > 0, 'progress from the owning process shows on the other');
    await owner.kill();
    assert.equal((await post(survivor)).status, 409, 'the lease still holds right after the kill');
    const next = await until(
      () => post(survivor),
      (r) => r.status === 202,
      20_000,
    );
    assert.equal(next.status, 202, 'the survivor takes over once the lease has run out');
    const old = await getRun(survivor, id);
    assert.equal(old.status, 'failed');
    assert.match(old.error ?? '', /abandoned/);
    const done = await until(
      () => getRun(survivor, String(next.body.id)),
      (r) => r.status !== 'running',
    );
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.equal(done.mode, 'full', 'the killed run saved no state, so the next run reads everything');
  });

  test('a scheduled aggregation runs on one process of the two, once per interval', async () => {
    const [a, b] = await pair('schedule', { intervalMinutes: 0.1 });
    assert.ok(a && b);
    const list = async () =>
      (
        (await (await fetch(`${a.url}/api/v1/aggregations?limit=100`, { headers: auth })).json()) as {
          items: AggregationRun[];
        }
      ).items;
    const runs = await until(
      list,
      (items) => items.filter((r) => r.status === 'completed').length >= 2,
      90_000,
    );
    const completed = runs.filter((r) => r.status === 'completed').reverse();
    assert.ok(completed.length >= 2, JSON.stringify(runs));
    assert.ok(runs.every((r) => r.trigger === 'scheduled' && r.actor === 'scheduler'));
    assert.ok(
      runs.every((r) => r.status !== 'failed'),
      'no run was refused half-way',
    );
    const starts = runs.map((r) => Date.parse(r.startedAt)).sort((x, y) => x - y);
    for (let i = 1; i < starts.length; i++)
      assert.ok((starts[i] ?? 0) - (starts[i - 1] ?? 0) >= 6_000, 'never two runs within one interval');
    assert.deepEqual(
      completed.map((r) => r.mode),
      ['full', ...completed.slice(1).map(() => 'delta')],
    );
  });
});
