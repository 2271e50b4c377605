// The server side of the HR import benchmark: `spacegate start` in demo mode in its own process, so
// its event-loop delay and peak RSS are the server's alone. Prints `{ url, token }`; on "report"
// (stdin) prints `{ maxEventLoopMs, peakRssMb }` and exits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { startSpacegate } from '../../src/server/start.ts';

const dir = mkdtempSync(join(tmpdir(), 'spacegate-hr-bench-'));
const config = parseConfig({
  store: { url: `file:${join(dir, 'spacegate.db')}` },
  demo: { size: 'small', seed: 7 },
  server: { sessionSecret: 'a-bench-secret-that-is-long-enough-0123456789' },
});
const running = await startSpacegate({ config, logger: createLogger({ level: 'silent' }), port: 0 });
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.stdout.write(`${JSON.stringify({ url: running.url, token: running.demoToken })}\n`);
process.stdin.once('data', async () => {
  delay.disable();
  const report = {
    maxEventLoopMs: Math.round(delay.max / 1e6),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await running.close();
  process.exit(0);
});
