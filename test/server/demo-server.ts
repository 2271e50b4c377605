import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { type RunningSpacegate, startSpacegate } from '../../src/server/start.ts';

/** Starts `spacegate start` in demo mode on port 0 with the small profile and its own SQLite file. */
export async function startDemoServer(
  options: { size?: 'small' | 'medium' } = {},
): Promise<RunningSpacegate> {
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-demo-'));
  const config = parseConfig({
    store: { url: `file:${join(dir, 'spacegate.db')}` },
    demo: { size: options.size ?? 'small', seed: 7 },
    server: { sessionSecret: 'a-test-secret-that-is-long-enough-0123456789' },
    worker: { pollMs: 100 },
  });
  return startSpacegate({ config, logger: createLogger({ level: 'silent' }), port: 0 });
}
