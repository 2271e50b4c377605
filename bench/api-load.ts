// `npm run bench:api -- [--sizes small,large] [--duration 20] [--connections 20] [--requests 5000]`
// API under load: for each emulator profile a demo server in its own process (first aggregation
// done, REQUESTS access requests added), then autocannon against each list endpoint in turn.
// Prints requests/s, p50 and p99 per profile and the large/small p99 ratio against the targets.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'small,large' },
    seed: { type: 'string', default: '1' },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '20' },
    connections: { type: 'string', default: '20' },
    requests: { type: 'string', default: '5000' },
    pages: { type: 'boolean', default: true },
  },
});

interface Ready {
  url: string;
  token: string;
  startMs: number;
  rssMb: number;
  accountKey: string;
  accountSearch: string;
  catalogSearch: string;
  accounts: number;
  auditEvents: number;
  spaceKey: string;
  bigGroup: string;
  bigGroupMembers: number;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

const ENDPOINTS: ReadonlyArray<[name: string, path: (r: Ready) => string]> = [
  ['accounts list', () => '/api/v1/accounts?limit=50'],
  ['accounts search', (r) => `/api/v1/accounts?limit=50&q=${encodeURIComponent(r.accountSearch)}`],
  ['one account', (r) => `/api/v1/accounts/${encodeURIComponent(r.accountKey)}`],
  ['catalog search', (r) => `/api/v1/catalog?limit=50&q=${encodeURIComponent(r.catalogSearch)}`],
  ['requests list', () => '/api/v1/requests?limit=50'],
  ['approvals inbox', () => '/api/v1/approvals?limit=20'],
  ['audit page', () => '/api/v1/audit?limit=50'],
];

const PAGES: ReadonlyArray<[name: string, path: (r: Ready) => string]> = [
  ['/admin/accounts', () => '/admin/accounts'],
  ['/admin/accounts?q=', (r) => `/admin/accounts?q=${encodeURIComponent(r.accountSearch)}`],
  ['/admin/accounts/:key', (r) => `/admin/accounts/${encodeURIComponent(r.accountKey)}`],
  ['/admin/orphans', () => '/admin/orphans'],
  ['/admin/entitlements', () => '/admin/entitlements'],
  ['biggest group holders', (r) => `/admin/entitlements/group/${encodeURIComponent(r.bigGroup)}`],
  ['one space holders', (r) => `/admin/entitlements/space/${encodeURIComponent(r.spaceKey)}`],
  ['/admin/audit', () => '/admin/audit'],
  ['/catalog', () => '/catalog'],
  ['/catalog?q=', (r) => `/catalog?q=${encodeURIComponent(r.catalogSearch)}`],
  ['/requests?scope=visible', () => '/requests?scope=visible'],
  ['/approvals', () => '/approvals'],
];

const ROOT = new URL('..', import.meta.url).pathname;
const sizes = String(values.sizes).split(',');
const results = new Map<string, Map<string, Figures>>();
const servers = new Map<string, Ready>();
const pageTimes = new Map<string, Map<string, string>>();
for (const size of sizes) {
  const { ready, stop } = await startServer(size);
  servers.set(size, ready);
  const figures = new Map<string, Figures>();
  try {
    for (const [name, path] of ENDPOINTS) {
      figures.set(name, await load(ready, path(ready)));
      process.stderr.write(`  ${size}: ${name} done\n`);
    }
    process.stderr.write(`${JSON.stringify({ size, figures: Object.fromEntries(figures) })}\n`);
    if (values.pages) pageTimes.set(size, await timePages(ready));
  } finally {
    await stop();
  }
  results.set(size, figures);
}
process.stdout.write(report());

/** Starts the benchmark server for one profile and waits for its ready line. */
async function startServer(size: string): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      `${ROOT}bench/jobs/api-server.ts`,
      size,
      String(values.seed),
      String(values.requests),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ${size} server exited (${code})`)));
  });
  return {
    ready: JSON.parse(line) as Ready,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One endpoint under load: a short warm-up, then `connections` callers for `duration` seconds. */
async function load(ready: Ready, path: string): Promise<Figures> {
  const options = {
    url: `${ready.url}${path}`,
    connections: Number(values.connections),
    headers: { authorization: `Bearer ${ready.token}` },
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: Number(values.duration) });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

/** Each web page fetched five times, one at a time, on the idle server: median and slowest, in ms. */
async function timePages(ready: Ready): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for (const [name, path] of PAGES) {
    const ms: number[] = [];
    let status = 0;
    try {
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const response = await fetch(`${ready.url}${path(ready)}`, {
          headers: { authorization: `Bearer ${ready.token}` },
          signal: AbortSignal.timeout(30_000),
        });
        await response.text();
        ms.push(performance.now() - start);
        status = response.status;
      }
    } catch (error) {
      times.set(name, `failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    ms.sort((a, b) => a - b);
    times.set(
      name,
      `${ms[2]?.toFixed(0)} / ${ms[4]?.toFixed(0)}${status === 200 ? '' : ` (HTTP ${status})`}`,
    );
  }
  return times;
}

function pagesReport(): string[] {
  if (pageTimes.size === 0) return [];
  const lines = [
    'Web pages, one caller, median / slowest of 5 (ms):',
    '',
    `| page | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|`,
  ];
  for (const [name] of PAGES) {
    lines.push(`| ${name} | ${sizes.map((s) => pageTimes.get(s)?.get(name) ?? '').join(' | ')} |`);
  }
  return [...lines, ''];
}

function report(): string {
  const lines = [
    `API under load: ${values.connections} connections, ${values.duration} s per endpoint, ${values.requests} requests stored`,
    ...sizes.map((size) => {
      const r = servers.get(size);
      return `  ${size}: ${r?.accounts} accounts, ${r?.auditEvents} audit events, biggest group ${r?.bigGroupMembers} members; server ready in ${((r?.startMs ?? 0) / 1000).toFixed(1)} s, RSS ${r?.rssMb} MB`;
    }),
    '',
    `| endpoint | ${sizes.map((s) => `${s} req/s | ${s} p50 ms | ${s} p99 ms`).join(' | ')} | p99 ${sizes.at(-1)}/${sizes[0]} | non-2xx |`,
    `|---|${sizes.map(() => '---:|---:|---:').join('|')}|---:|---:|`,
  ];
  for (const [name] of ENDPOINTS) {
    const cells = sizes.map((size) => {
      const f = results.get(size)?.get(name);
      return `${f?.rps.toFixed(0)} | ${f?.p50} | ${f?.p99}`;
    });
    const first = results.get(sizes[0] ?? '')?.get(name);
    const last = results.get(sizes.at(-1) ?? '')?.get(name);
    const ratio = first && last ? (last.p99 / Math.max(first.p99, 1)).toFixed(2) : '';
    const errors = sizes.map((s) => results.get(s)?.get(name)?.non2xx ?? 0).join('/');
    lines.push(`| ${name} | ${cells.join(' | ')} | ${ratio} | ${errors} |`);
  }
  lines.push('', 'Targets: p99 under 100 ms on large; large/small p99 at most 2.', '', ...pagesReport());
  return lines.join('\n');
}
