// `node --import tsx bench/hr-import.ts [--mode upload|json] [--bad-mb 16.8] [--good-rows 20000]`
// HR import under load: a large invalid CSV and a large valid one, each sent to a fresh server
// (its own process) while /health is asked every 100 ms. Prints, per file: status, answer size,
// wall time, the server's longest event-loop block, its peak RSS and the slowest /health.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'upload' },
    'bad-mb': { type: 'string', default: '16.8' },
    'good-rows': { type: 'string', default: '20000' },
  },
});
const HEADER = 'employeeId,email,firstName,lastName,department,jobTitle,manager,status,costCenter,location\n';
const dir = mkdtempSync(join(tmpdir(), 'spacegate-hr-bench-'));

function writeRows(
  file: string,
  until: (i: number, bytes: number) => boolean,
  row: (i: number) => string,
): void {
  const lines = [HEADER];
  let bytes = HEADER.length;
  for (let i = 0; until(i, bytes); i++) {
    lines.push(row(i));
    bytes += row(i).length;
  }
  writeFileSync(file, lines.join(''));
}

const bad = join(dir, 'bad.csv');
const badRow = (i: number) =>
  `B${i},not-an-email-${i},Bad,Row${i},Engineering,Engineer,,active,CC-1,London\n`;
writeRows(bad, (_i, bytes) => bytes < Number(values['bad-mb']) * 1e6, badRow);
const good = join(dir, 'good.csv');
writeRows(
  good,
  (i) => i < Number(values['good-rows']),
  (i) => `G${i},person${i}@bench.example,Good,Row${i},Engineering,Engineer,,active,CC-1,London\n`,
);

async function startServer() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'jobs', 'hr-import-server.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { url, token } = JSON.parse(String(first.value)) as { url: string; token: string };
  const report = async () => {
    child.stdin.write('report\n');
    return JSON.parse(String((await lines.next()).value)) as { maxEventLoopMs: number; peakRssMb: number };
  };
  return { url, token, report };
}

function body(file: string): { init: RequestInit; path: string } {
  if (values.mode === 'json') {
    const content = readFileSync(file, 'utf8');
    return {
      path: '',
      init: {
        body: JSON.stringify({ name: 'hr.csv', content }),
        headers: { 'content-type': 'application/json' },
      },
    };
  }
  const stream = Readable.toWeb(createReadStream(file)) as ReadableStream;
  return {
    path: '?name=hr.csv',
    init: { body: stream, duplex: 'half', headers: { 'content-type': 'text/csv' } } as RequestInit,
  };
}

async function measure(label: string, file: string) {
  const server = await startServer();
  let slowestHealthMs = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const started = performance.now();
      await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const { init, path } = body(file);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/identities/import${path}`, {
    ...init,
    method: 'POST',
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${server.token}` },
  });
  const answer = Buffer.from(await response.arrayBuffer());
  const wallMs = Math.round(performance.now() - started);
  polling = false;
  await poller;
  const { maxEventLoopMs, peakRssMb } = await server.report();
  const sizeMb = (statSync(file).size / 1e6).toFixed(1);
  process.stdout.write(
    `| ${label} (${sizeMb} MB, ${values.mode}) | ${response.status} | ${(answer.length / 1e3).toFixed(1)} kB | ${wallMs} ms | ` +
      `${maxEventLoopMs} ms | ${peakRssMb} MB | ${Math.round(slowestHealthMs)} ms |\n`,
  );
}

process.stdout.write(
  '| file | status | answer | wall time | longest event-loop block | server peak RSS | slowest /health |\n|---|---|---|---|---|---|---|\n',
);
const idle = await startServer();
await new Promise((resolve) => setTimeout(resolve, 2000));
const baseline = await idle.report();
process.stdout.write(
  `| none (idle server, for reference) | | | | ${baseline.maxEventLoopMs} ms | ${baseline.peakRssMb} MB | |\n`,
);
await measure('invalid CSV', bad);
await measure('valid CSV', good);
