// `node --import tsx bench/store-aggregation.ts [--size large] [--latency-ms 20] [--store sqlite|postgres] [--root DIR]`
// Aggregation into the store: the emulator and a `spacegate start` server in processes of their own;
// a full run, then 1% of the accounts changed through SCIM, then a delta run. Wall time and API
// calls per run (counted by the emulator), and the server's peak RSS (Linux VmHWM).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newApiToken } from '../src/server/auth/secrets.ts';
import { type EmulatorConfig, peakRssMb, rssMb, spawnEmulator, waitForConfig } from './processes.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    seed: { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '20' },
    store: { type: 'string', default: 'sqlite' },
    /** A checkout whose `bin/spacegate` serves (to measure another version against the same emulator). */
    root: { type: 'string', default: join(import.meta.dirname, '..') },
    'change-share': { type: 'string', default: '0.01' },
    /** Only the first (full) run. */
    'skip-delta': { type: 'boolean', default: false },
    /** Node options for the server process (e.g. `--trace-gc` or `--max-old-space-size=256`). */
    'server-node-options': { type: 'string', default: '' },
    /** A file that gets the server's standard output (what `--trace-gc` prints, for one). */
    'server-log': { type: 'string' },
  },
});
/** The highest resident set seen in each phase of the last run (sampled as the run is followed). */
const phases = new Map<string, number>();
/** When each phase of the last run was first seen (ms since the run started). */
const phaseStarts = new Map<string, number>();

const BIN = join(import.meta.dirname, '..', 'bin', 'spacegate');
const dir = await mkdtemp(join(tmpdir(), 'spacegate-bench-store-'));
const token = newApiToken();
const emulator = spawnEmulator(BIN, {
  size: String(values.size),
  seed: String(values.seed),
  latencyMs: String(values['latency-ms']),
  configFile: join(dir, 'connector.json'),
});
let server: ChildProcess | undefined;
try {
  const config = await waitForConfig(emulator, join(dir, 'connector.json'));
  const control = (method: string, path: string) =>
    fetch(`${config.site.url}/_emulator${path}`, { method }).then((r) =>
      r.status === 204 ? undefined : r.json(),
    );
  const schema = `bench_${process.pid}`;
  const store =
    values.store === 'postgres'
      ? { url: 'postgres://postgres@127.0.0.1:5432/test', schema }
      : { url: `file:${join(dir, 'spacegate.db')}` };
  await writeFile(
    join(dir, 'spacegate.yaml'),
    JSON.stringify({
      atlassian: { connectorFile: join(dir, 'connector.json') },
      store,
      auth: { apiTokens: [{ name: 'bench', sha256: token.sha256, roles: ['administrator'] }] },
      worker: { enabled: false },
      log: { level: 'warn' },
    }),
  );
  const started = await startServer(
    join(String(values.root), 'bin', 'spacegate'),
    join(dir, 'spacegate.yaml'),
  );
  server = started.child;
  const baseline = await peakRssMb(started.child.pid ?? 0);
  const rows: string[][] = [];
  await control('DELETE', '/counters');
  const full = await aggregate(started.url);
  const fullCalls = ((await control('GET', '/counters')) as { total: number }).total;
  rows.push(row('full (first run)', full, fullCalls, await peakRssMb(started.child.pid ?? 0)));
  process.stdout.write(`${rows[0]?.join(' | ')}\n${phasePeaks()}\n`);
  if (!values['skip-delta']) {
    const changed = await changeAccounts(config, Number(values['change-share']));
    await control('DELETE', '/counters');
    const delta = await aggregate(started.url);
    const deltaCalls = ((await control('GET', '/counters')) as { total: number }).total;
    rows.push(
      row(`after ${changed} accounts changed`, delta, deltaCalls, await peakRssMb(started.child.pid ?? 0)),
    );
    process.stdout.write(`${rows[1]?.join(' | ')}\n${phasePeaks()}\n`);
  }
  process.stdout.write(
    `Aggregation into the store (${values.store}), ${values.size}, ${values['latency-ms']} ms latency; server RSS after start ${baseline} MB\n\n`,
  );
  process.stdout.write(
    `${table(['run', 'mode', 'wall time', 'API calls', 'written', 'accounts', 'server peak RSS'], rows)}\n`,
  );
} finally {
  server?.kill('SIGTERM');
  emulator.kill('SIGTERM');
}

interface Run {
  id: string;
  status: string;
  mode?: string;
  progress?: { phase: string };
  durationMs: number | null;
  error: string | null;
  summary: { accounts: number; written?: number } | null;
}

function phasePeaks(): string {
  const text = [...phases]
    .map(([phase, mb]) => `${phase} ${mb} MB (from ${((phaseStarts.get(phase) ?? 0) / 1000).toFixed(1)} s)`)
    .join(', ');
  phases.clear();
  phaseStarts.clear();
  return `  RSS per phase (sampled every 0.5 s): ${text}`;
}

function row(name: string, run: Run, calls: number, rss: number): string[] {
  return [
    name,
    run.mode ?? 'full',
    `${((run.durationMs ?? 0) / 1000).toFixed(1)} s`,
    calls.toLocaleString('en'),
    run.summary?.written?.toLocaleString('en') ?? 'all',
    (run.summary?.accounts ?? 0).toLocaleString('en'),
    `${rss} MB`,
  ];
}

async function aggregate(url: string): Promise<Run> {
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
  const startedAt = Date.now();
  let run = (await (
    await fetch(`${url}/api/v1/aggregations`, { method: 'POST', headers, body: '{}' })
  ).json()) as Run;
  while (run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = (await (await fetch(`${url}/api/v1/aggregations/${run.id}`, { headers })).json()) as Run;
    const phase = run.progress?.phase ?? 'unknown';
    const rss = await rssMb(server?.pid ?? 0).catch(() => 0);
    phases.set(phase, Math.max(phases.get(phase) ?? 0, rss));
    if (!phaseStarts.has(phase)) phaseStarts.set(phase, Date.now() - startedAt);
  }
  if (run.status !== 'completed') throw new Error(`aggregation ${run.id} ${run.status}: ${run.error}`);
  return run;
}

/** Changes the title of `share` of the directory's users through SCIM, as an HR-driven sync would. */
async function changeAccounts(config: EmulatorConfig, share: number): Promise<number> {
  const base = `${config.scim.url}/scim/directory/${config.scim.directoryId}/Users`;
  const headers = { authorization: `Bearer ${config.scim.apiKey}`, 'content-type': 'application/scim+json' };
  const first = (await (await fetch(`${base}?count=1`, { headers })).json()) as { totalResults: number };
  const wanted = Math.max(1, Math.round(first.totalResults * share));
  let changed = 0;
  for (let start = 1; changed < wanted; start += 100) {
    const page = (await (await fetch(`${base}?startIndex=${start}&count=100`, { headers })).json()) as {
      Resources: Array<{ id: string }>;
    };
    if (page.Resources.length === 0) break;
    for (const user of page.Resources) {
      if (changed >= wanted) break;
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: `Changed ${Date.now()}` }],
      };
      const response = await fetch(`${base}/${user.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify(body),
      });
      // A user the directory lists but will not patch (404) is skipped; another takes its place.
      if (response.ok) changed++;
      else if (response.status !== 404) throw new Error(`SCIM PATCH ${user.id}: ${response.status}`);
    }
  }
  return changed;
}

function startServer(bin: string, file: string): Promise<{ url: string; child: ChildProcess }> {
  const nodeOptions = String(values['server-node-options']).split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeOptions, bin, 'start', '--config', file, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log = values['server-log'] === undefined ? undefined : createWriteStream(values['server-log']);
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      if (started) return;
      out += chunk.toString();
      const match = /Spacegate is running at (\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        started = true;
        resolve({ url: match[1], child });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}
