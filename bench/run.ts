// `npm run bench -- [--size large] [--latency-ms 20] [--concurrency 16] [--jobs connector,confluence-js] [--fault-mix]`
// `npm run bench -- --dc-version 9.2 --jobs connector,fetch-dc`: the same against the Data Center emulator.
// `npm run bench -- --jobs fulfillment [--grants 2000] [--size medium]`: fulfillment through the queue (bench/fulfillment.ts).
// Runs the aggregation benchmark: an emulator in its own process with injected latency, then each
// job in its own process (so memory is the job's alone), API calls counted by the emulator itself.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFulfillmentBench } from './fulfillment.ts';
import type { JobResult } from './jobs/measure.ts';
import { spawnEmulator, waitForConfig } from './processes.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '16' },
    jobs: { type: 'string', default: 'connector,confluence-js' },
    'fault-mix': { type: 'boolean', default: false },
    'dc-version': { type: 'string' },
    /** Approved grants the fulfillment job drains (`--jobs fulfillment`). */
    grants: { type: 'string', default: '2000' },
  },
});

if (values.jobs === 'fulfillment') {
  await runFulfillmentBench({
    grants: Number(values.grants),
    size: values.size ?? 'medium',
    seed: String(values.seed),
    latencyMs: Number(values['latency-ms']),
  });
  process.exit(0);
}
values.size ??= 'large';

/** The transient fault mix of issue 8 (15% 429, 10% 503, 3% resets, 3% cut bodies), for `--fault-mix`. */
const FAULT_MIX = [
  { kind: 'status', status: 429, rate: 0.15 },
  { kind: 'status', status: 503, rate: 0.1 },
  { kind: 'reset', rate: 0.03 },
  { kind: 'truncate', rate: 0.03 },
];

const ROOT = join(import.meta.dirname, '..');
const JOBS: Record<string, string> = {
  connector: join(ROOT, 'bench', 'jobs', 'connector-aggregation.ts'),
  'confluence-js': join(ROOT, 'bench', 'jobs', 'confluence-js-aggregation.ts'),
  'fetch-dc': join(ROOT, 'bench', 'jobs', 'fetch-dc-aggregation.ts'),
};

const dir = await mkdtemp(join(tmpdir(), 'spacegate-bench-'));
const configFile = join(dir, 'emulator.json');
const emulator = spawnEmulator(join(ROOT, 'bin', 'spacegate'), {
  size: String(values.size),
  seed: String(values.seed),
  latencyMs: String(values['latency-ms']),
  configFile,
  ...(values['dc-version'] === undefined ? {} : { dcVersion: values['dc-version'] }),
});
try {
  const config = await waitForConfig(emulator, configFile);
  const control = async (method: string, path: string, body?: unknown) => {
    const origin = config.baseUrl === undefined ? config.site.url : new URL(config.baseUrl).origin;
    const response = await fetch(`${origin}/_emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return response.status === 204 ? undefined : response.json();
  };
  const summary = (await control('GET', '/summary')) as Record<string, unknown>;
  process.stdout.write(
    `Aggregation benchmark: ${values.size} profile (${summary.accounts} accounts, ${summary.confluenceAccounts} with Confluence, ` +
      `${summary.groups} groups, ${summary.spaces} spaces, ${summary.spacePermissions} space permissions), ` +
      `${values['latency-ms']} ms injected latency per request, connector concurrency ${values.concurrency}\n\n`,
  );
  const rows: Array<JobResult & { serverCalls: number }> = [];
  for (const name of String(values.jobs).split(',')) {
    const script = JOBS[name];
    if (script === undefined) throw new Error(`unknown job ${name}; known: ${Object.keys(JOBS).join(', ')}`);
    for (const faulted of values['fault-mix'] ? [false, true] : [false]) {
      await control('DELETE', '/counters');
      await control('DELETE', '/faults');
      for (const rule of faulted ? FAULT_MIX : []) await control('POST', '/faults', rule);
      const result = await runJob(script, [configFile, String(values.concurrency)]);
      await control('DELETE', '/faults');
      const counters = (await control('GET', '/counters')) as { total: number };
      const job = faulted ? `${result.job} (fault mix)` : result.job;
      rows.push({ ...result, job, serverCalls: counters.total });
      process.stdout.write(`  done: ${job} in ${(result.wallMs / 1000).toFixed(1)} s\n`);
    }
  }
  process.stdout.write(`\n${table(rows)}\n`);
  for (const row of rows.filter((r) => r.job.endsWith('(fault mix)'))) {
    const clean = rows.find((r) => `${r.job} (fault mix)` === row.job);
    if (clean !== undefined)
      process.stdout.write(`${row.job}: ${(row.wallMs / clean.wallMs).toFixed(2)}× the clean run\n`);
  }
} finally {
  emulator.kill('SIGTERM');
}

function table(rows: Array<JobResult & { serverCalls: number }>): string {
  const header = [
    'job',
    'accounts',
    'with direct perms',
    'wall time',
    'API calls',
    'peak RSS',
    'peak heap',
    'live heap',
  ];
  const lines = rows.map((row) => [
    row.job,
    String(row.accounts),
    String(row.accountsWithDirectPermissions),
    `${(row.wallMs / 1000).toFixed(1)} s`,
    String(row.serverCalls),
    `${row.peakRssMb} MB`,
    `${row.peakHeapMb} MB`,
    row.peakLiveHeapMb === null ? '-' : `${row.peakLiveHeapMb} MB`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}

function runJob(script: string, args: string[]): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || last === undefined) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(last) as JobResult);
    });
  });
}
