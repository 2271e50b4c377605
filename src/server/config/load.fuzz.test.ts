import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from './load.ts';

/** Fixed seed (FUZZ_SEED to reproduce another run) and a time bound. */
const RUN = { seed: Number(process.env.FUZZ_SEED ?? 20261201), numRuns: 200, interruptAfterTimeLimit: 1500 };
const SECTIONS = ['server', 'store', 'atlassian', 'sources', 'auth', 'demo', 'worker', 'log', 'x'];

test('the configuration loader accepts or refuses any YAML file with ConfigError naming the problems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-config-fuzz-'));
  const file = join(dir, 'spacegate.yaml');
  const texts = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
    fc.dictionary(fc.constantFrom(...SECTIONS), fc.jsonValue({ maxDepth: 2 })).map((v) => stringify(v)),
  );
  const env = fc.dictionary(
    fc.constantFrom(
      'SPACEGATE_PORT',
      'SPACEGATE_STORE_URL',
      'SPACEGATE_SESSION_SECRET',
      'SPACEGATE_LOG_LEVEL',
    ),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(texts, env, (text, variables) => {
      writeFileSync(file, text);
      try {
        loadConfig({ file, env: variables });
        return true;
      } catch (error) {
        return error instanceof ConfigError && error.problems.length > 0;
      }
    }),
    RUN,
  );
});
