// `npm run bench -- --jobs fulfillment [--grants 2000] [--size medium] [--latency-ms 20]`
// Fulfillment through the queue: GRANTS approved View grants (each a distinct person and space),
// drained by real `spacegate worker` processes on SQLite (1 worker) and PostgreSQL (1 and 2
// workers), beside a hand-written peer (a fetch loop, no queue, no store, no verification) and the
// bound the API allows. The emulator runs in its own process and counts the calls.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AuditEvent } from '../src/core/index.ts';
import { openRuntime, type Runtime } from '../src/server/compose/runtime.ts';
import { parseConfig } from '../src/server/config/load.ts';
import { createLogger } from '../src/server/observability/logger.ts';
import { createServerMetrics } from '../src/server/observability/metrics.ts';
import { type EmulatorConfig, peakRssMb, spawnEmulator, waitForConfig } from './processes.ts';

/** View approves itself, so each submitted grant is approved and queued at once, as in production. */
const WORKFLOWS = `
version: 1
workflows:
  - name: view-approves-itself
    when: { kind: [grant], types: [space], permissionsOnly: [view] }
    stages: []
`;

/** The fulfillment job and each worker process's queue run this many jobs at once (store/open-store.ts). */
const WORKER_CONCURRENCY = 2;

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'spacegate');

interface Grant {
  employeeId: string;
  email: string;
  accountId: string;
  spaceKey: string;
}

interface Row {
  variant: string;
  grants: number;
  wallMs: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Half the grants were fulfilled this long after the workers were started on the backlog. */
  startP50Ms: number | null;
  /** Submitting (and so approving and queueing) every grant, before the workers start. */
  submitMs: number | null;
  calls: number;
  rssMb: number[];
}

/** Runs every variant against one emulator process and prints one table. */
export async function runFulfillmentBench(options: {
  grants: number;
  size: string;
  seed: string;
  latencyMs: number;
}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'spacegate-bench-fulfil-'));
  const connectorFile = join(dir, 'connector.json');
  const workflowsFile = join(dir, 'workflows.yaml');
  await writeFile(workflowsFile, WORKFLOWS);
  const emulator = spawnEmulator(BIN, {
    size: options.size,
    seed: options.seed,
    latencyMs: String(options.latencyMs),
    configFile: connectorFile,
  });
  try {
    const site = await waitForConfig(emulator, connectorFile);
    const control = controlApi(site);
    const reset = async () => {
      await control('POST', '/reset', { size: options.size, seed: Number(options.seed) });
      await control('PUT', '/traffic', { latencyMs: 0 });
    };
    const summary = (await control('GET', '/summary')) as Record<string, unknown>;
    process.stdout.write(
      `Fulfillment benchmark: ${options.grants} View grants (distinct person and space), ${options.size} profile ` +
        `(${summary.accounts} accounts, ${summary.spaces} spaces), ${options.latencyMs} ms injected latency, ` +
        `${WORKER_CONCURRENCY} jobs at once per worker process\n\n`,
    );
    const rows: Row[] = [];
    let grants: Grant[] | undefined;
    const variants = [
      { name: 'SQLite, 1 worker', store: 'sqlite', workers: 1 },
      { name: 'PostgreSQL, 1 worker', store: 'postgres', workers: 1 },
      { name: 'PostgreSQL, 2 workers', store: 'postgres', workers: 2 },
    ] as const;
    for (const variant of variants) {
      await reset();
      const schema = `bench_fulfil_${process.pid}_${variant.workers}`;
      const store =
        variant.store === 'postgres'
          ? { url: 'postgres://postgres@127.0.0.1:5432/test', schema }
          : { url: `file:${join(dir, `spacegate-${variant.workers}.db`)}` };
      const configFile = join(dir, `spacegate-${variant.store}-${variant.workers}.yaml`);
      const config = {
        store,
        atlassian: { connectorFile },
        sources: { workflowsFile },
        worker: { enabled: true, pollMs: 200 },
        log: { level: 'warn' as const },
      };
      await writeFile(configFile, JSON.stringify(config));
      const runtime = await openRuntime(
        parseConfig({ ...config, worker: { enabled: false }, log: { level: 'silent' } }),
        createLogger({ level: 'silent' }),
        createServerMetrics(),
      );
      try {
        grants ??= await chooseGrants(runtime, options.grants);
        await runtime.governance.identities.importHr('bench-hr.csv', hrCsv(grants), 'system');
        await runtime.governance.aggregation.aggregate('system');
        const row = await drain(runtime, control, configFile, grants, variant, options.latencyMs);
        rows.push(row);
        process.stdout.write(`  done: ${variant.name} in ${(row.wallMs / 1000).toFixed(1)} s\n`);
      } finally {
        await runtime.close();
        if (variant.store === 'postgres') await dropSchema(schema);
      }
    }
    if (grants !== undefined) {
      await reset();
      await control('PUT', '/traffic', { latencyMs: options.latencyMs });
      await control('DELETE', '/counters');
      const started = performance.now();
      await handWritten(site, grants, WORKER_CONCURRENCY);
      const wallMs = performance.now() - started;
      const calls = ((await control('GET', '/counters')) as { total: number }).total;
      const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
      rows.push({
        variant: `hand-written fetch loop (${WORKER_CONCURRENCY} at once)`,
        grants: grants.length,
        wallMs,
        p50Ms: null,
        p99Ms: null,
        startP50Ms: null,
        submitMs: null,
        calls,
        rssMb: [peakRss],
      });
    }
    process.stdout.write(`\n${table(rows, options.latencyMs)}\n`);
    process.stdout.write(
      `\nBound: a View grant needs at least one read of the space's permissions and one write (2 calls); ` +
        `at ${options.latencyMs} ms a call and ${WORKER_CONCURRENCY} at once that is ` +
        `${((WORKER_CONCURRENCY * 1000) / (2 * options.latencyMs)).toFixed(0)} grants/s per ${WORKER_CONCURRENCY} slots.\n` +
        `The peer's RSS is the benchmark process's (it also held the setup's store), an upper bound.\n`,
    );
  } finally {
    emulator.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

type Control = (method: string, path: string, body?: unknown) => Promise<unknown>;

function controlApi(site: EmulatorConfig): Control {
  return async (method, path, body) => {
    const response = await fetch(`${site.site.url}/_emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_emulator${path}: ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  };
}

/**
 * After a first aggregation: `count` pairs of an active, non-guest account with Confluence and a
 * space it holds nothing in, one space per person as far as people go, the spaces taken in turn.
 */
async function chooseGrants(runtime: Runtime, count: number): Promise<Grant[]> {
  await runtime.governance.aggregation.aggregate('system');
  const { accounts, spaces } = await runtime.store.transaction(async (tx) => ({
    accounts: await tx.accounts.list(),
    spaces: await tx.entitlements.list('space'),
  }));
  const people = accounts.filter(
    (a) =>
      !a.disabled &&
      a.attributes.guest === false &&
      a.attributes.status === 'active' &&
      a.attributes.hasConfluence !== false,
  );
  const grants: Grant[] = [];
  const globalSpaces = spaces.filter((s) => s.attributes.type !== 'personal');
  for (let round = 0; grants.length < count && round < 5; round++) {
    for (let i = 0; i < people.length && grants.length < count; i++) {
      const person = people[i];
      const space = globalSpaces[(i * 7 + round * 13) % globalSpaces.length];
      if (person === undefined || space === undefined) continue;
      const held = await runtime.store.transaction((tx) => tx.assignments.listByAccount(person.key));
      if (held.some((h) => h.kind === 'space' && h.value.startsWith(`${space.key}:`))) continue;
      if (grants.some((g) => g.accountId === person.key && g.spaceKey === space.key)) continue;
      grants.push({
        employeeId: `B${String(i).padStart(5, '0')}`,
        email: person.email,
        accountId: person.key,
        spaceKey: space.key,
      });
    }
  }
  if (grants.length < count) throw new Error(`only ${grants.length} grants found for ${count}`);
  return grants;
}

function hrCsv(grants: Grant[]): string {
  const people = new Map(grants.map((g) => [g.employeeId, g.email]));
  const rows = [...people].map(
    ([id, email], i) => `${id},${email},First${i},Last${i},Engineering,Engineer,,active`,
  );
  return `${['employeeId,email,firstName,lastName,department,jobTitle,managerId,status', ...rows].join('\n')}\n`;
}

/**
 * Submits every grant (each approves itself and is queued), then starts the workers on that backlog
 * and waits until all are fulfilled; wall time runs from the workers' start to the last fulfilment.
 */
async function drain(
  runtime: Runtime,
  control: Control,
  configFile: string,
  grants: Grant[],
  variant: { name: string; workers: number },
  latencyMs: number,
): Promise<Row> {
  const gov = runtime.governance;
  await control('PUT', '/traffic', { latencyMs });
  await control('DELETE', '/counters');
  const ids = new Set<string>();
  const submitStarted = performance.now();
  for (const grant of grants) {
    const request = await gov.requests.submit({
      requesterId: grant.employeeId,
      itemId: `space:${grant.spaceKey}`,
      permissions: ['view'],
      justification: 'benchmark',
    });
    if (request.status !== 'pending')
      throw new Error(`request ${request.id} is ${request.status}, not approved`);
    ids.add(request.id);
  }
  const submitMs = performance.now() - submitStarted;
  // The backlog is in place; the workers start on it, so grants/s is the queue's, not the submitter's.
  const workersStarted = Date.now();
  const workers = await Promise.all(Array.from({ length: variant.workers }, () => startWorker(configFile)));
  try {
    for (let waited = 0; ; waited += 500) {
      const counts = await runtime.store.transaction(async (tx) => ({
        fulfilled: (await tx.requests.page({ limit: 1, status: ['fulfilled'], withTotal: true })).total ?? 0,
        failed: (
          await tx.requests.page({ limit: 1, status: ['failed', 'partially_fulfilled'], withTotal: true })
        ).total,
      }));
      if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} requests failed in ${variant.name}`);
      if (counts.fulfilled >= grants.length) break;
      if (waited > 3_600_000) throw new Error(`${variant.name}: not done within an hour`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const calls = ((await control('GET', '/counters')) as { total: number }).total;
    const rssMb = await Promise.all(workers.map((w) => peakRssMb(w.pid ?? 0)));
    const events = await runtime.store.transaction(async (tx) => ({
      approved: await tx.audit.list({ type: 'request.approved' }),
      fulfilled: await tx.audit.list({ type: 'fulfillment.fulfilled' }),
    }));
    const at = (list: AuditEvent[]) =>
      new Map(
        list
          .filter((e) => ids.has(e.subject.replace(/^request:/, '')))
          .map((e) => [e.subject, Date.parse(e.at)]),
      );
    const approved = at(events.approved);
    const fulfilled = at(events.fulfilled);
    const latencies = [...fulfilled]
      .map(([subject, done]) => done - (approved.get(subject) ?? done))
      .sort((a, b) => a - b);
    const fulfilledAt = [...fulfilled.values()];
    const wallMs = Math.max(...fulfilledAt) - workersStarted;
    const sinceStart = fulfilledAt.map((t) => t - workersStarted).sort((a, b) => a - b);
    return {
      variant: variant.name,
      grants: fulfilled.size,
      wallMs,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      startP50Ms: percentile(sinceStart, 0.5),
      submitMs,
      calls,
      rssMb,
    };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null ? once(w, 'exit') : undefined)));
  }
}

function percentile(sorted: number[], share: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? null;
}

/** A `spacegate worker` process, once it says it is running. */
async function startWorker(configFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    if (out.includes('worker running')) break;
  }
  if (!out.includes('worker running')) throw new Error(`spacegate worker exited: ${out}`);
  child.stdout?.resume();
  return child;
}

/**
 * The peer written by hand: for each grant, read the space's permissions (every page) and POST
 * View if the account lacks it; `concurrency` loops share the list. The spaces' ids come from one
 * listing up front. No queue, no store, no retries, no verification.
 */
async function handWritten(site: EmulatorConfig, grants: Grant[], concurrency: number): Promise<void> {
  const base = site.site.url;
  const headers = {
    authorization: `Basic ${Buffer.from(`${site.site.email}:${site.site.apiToken}`).toString('base64')}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const get = async (url: string) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return (await response.json()) as { results: unknown[]; _links?: { next?: string } };
  };
  const ids = new Map<string, string>();
  for (let url: string | undefined = `${base}/wiki/api/v2/spaces?limit=250`; url !== undefined; ) {
    const page = await get(url);
    for (const space of page.results as Array<{ id: string; key: string }>) ids.set(space.key, space.id);
    url = page._links?.next === undefined ? undefined : new URL(page._links.next, base).href;
  }
  let next = 0;
  const loop = async () => {
    while (next < grants.length) {
      const grant = grants[next++];
      if (grant === undefined) break;
      let held = false;
      const first = `${base}/wiki/api/v2/spaces/${ids.get(grant.spaceKey)}/permissions?limit=250`;
      for (let url: string | undefined = first; url !== undefined; ) {
        const page = await get(url);
        held ||= (page.results as Array<{ principal: { id?: string }; operation: { key: string } }>).some(
          (row) => row.principal.id === grant.accountId && row.operation.key === 'read',
        );
        url = page._links?.next === undefined ? undefined : new URL(page._links.next, base).href;
      }
      if (held) continue;
      const response = await fetch(`${base}/wiki/rest/api/space/${grant.spaceKey}/permission`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          subject: { type: 'user', identifier: grant.accountId },
          operation: { key: 'read', target: 'space' },
        }),
      });
      if (!response.ok) throw new Error(`POST permission ${grant.spaceKey}: ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  } finally {
    await client.end();
  }
}

function table(rows: Row[], latencyMs: number): string {
  const floor = rows.find((r) => r.variant.startsWith('hand-written'));
  const header = [
    'variant',
    'grants',
    'wall time',
    'grants/s',
    'vs peer',
    'approval→fulfilled p50',
    'p99',
    'start→fulfilled p50',
    'submit time',
    'API calls/grant',
    'calls × latency / slots',
    'peak RSS (each worker)',
  ];
  const lines = rows.map((row) => {
    const rate = row.grants / (row.wallMs / 1000);
    const peerRate = floor === undefined ? undefined : floor.grants / (floor.wallMs / 1000);
    const perGrant = row.calls / row.grants;
    const slots = row.variant.includes('2 workers') ? 2 * WORKER_CONCURRENCY : WORKER_CONCURRENCY;
    return [
      row.variant,
      String(row.grants),
      `${(row.wallMs / 1000).toFixed(1)} s`,
      rate.toFixed(1),
      peerRate === undefined ? '-' : `${(rate / peerRate).toFixed(2)}×`,
      row.p50Ms === null ? '-' : `${(row.p50Ms / 1000).toFixed(1)} s`,
      row.p99Ms === null ? '-' : `${(row.p99Ms / 1000).toFixed(1)} s`,
      row.startP50Ms === null ? '-' : `${(row.startP50Ms / 1000).toFixed(1)} s`,
      row.submitMs === null ? '-' : `${(row.submitMs / 1000).toFixed(1)} s`,
      perGrant.toFixed(2),
      `${((perGrant * latencyMs) / slots).toFixed(0)} ms/grant`,
      row.rssMb.map((mb) => `${mb} MB`).join(', '),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}
