import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, parseConfig, redactConfig } from './load.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  test('an empty configuration is demo mode with defaults on port 3000 and SQLite', () => {
    const config = parseConfig({});
    assert.equal(config.server.port, 3000);
    assert.equal(config.store.url, 'file:./data/spacegate.db');
    assert.equal(config.atlassian, undefined);
    assert.equal(config.demo.size, 'medium');
    assert.ok(Object.isFrozen(config.server));
  });

  test('every bad key is named at once', () => {
    const problems = problemsOf(() =>
      parseConfig({ store: { url: 'mysql://x' }, server: { port: 70000, colour: 'blue' }, extra: 1 }),
    );
    assert.ok(problems.includes('store.url: expected file: or postgres: URL'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('server.port:')));
    assert.ok(problems.includes('server.colour: unknown key'));
    assert.ok(problems.includes('extra: unknown key'));
    assert.equal(problems.length, 4);
  });

  test('the aggregation schedule is validated: a positive interval, a bounded lease', () => {
    const config = parseConfig({ aggregation: { intervalMinutes: 0.5 } });
    assert.deepEqual(config.aggregation, { intervalMinutes: 0.5, leaseSeconds: 60 });
    assert.equal(parseConfig({}).aggregation.intervalMinutes, undefined, 'no schedule unless configured');
    const problems = problemsOf(() =>
      parseConfig({ aggregation: { intervalMinutes: 0, leaseSeconds: 1, every: 'hour' } }),
    );
    assert.ok(
      problems.some((p) => p.startsWith('aggregation.intervalMinutes:')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('aggregation.leaseSeconds:')),
      problems.join('\n'),
    );
    assert.ok(problems.includes('aggregation.every: unknown key'), problems.join('\n'));
    const env = loadConfig({ env: { SPACEGATE_AGGREGATION_INTERVAL_MINUTES: '15' } });
    assert.equal(env.config.aggregation.intervalMinutes, 15);
  });

  test('the review deadline notice: a day by default, 0 turns it off, a negative or year-long window is refused', () => {
    assert.equal(parseConfig({}).reviews.deadlineNoticeHours, 24);
    assert.equal(parseConfig({ reviews: { deadlineNoticeHours: 0 } }).reviews.deadlineNoticeHours, 0);
    const problems = problemsOf(() => parseConfig({ reviews: { deadlineNoticeHours: -1, remind: true } }));
    assert.ok(
      problems.some((p) => p.startsWith('reviews.deadlineNoticeHours:')),
      problems.join('\n'),
    );
    assert.ok(problems.includes('reviews.remind: unknown key'), problems.join('\n'));
    assert.ok(
      problemsOf(() => parseConfig({ reviews: { deadlineNoticeHours: 9_000 } })).some((p) =>
        p.includes('at most a year'),
      ),
    );
  });

  test('environment variables override the file and are read as their kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    const file = join(dir, 'spacegate.yaml');
    writeFileSync(file, 'server:\n  port: 4000\n  host: 0.0.0.0\nworker:\n  enabled: true\n');
    const { config } = loadConfig({
      file,
      env: { SPACEGATE_PORT: '5000', SPACEGATE_WORKER: 'false', SPACEGATE_STORE_URL: 'postgres://h/db' },
    });
    assert.equal(config.server.port, 5000);
    assert.equal(config.server.host, '0.0.0.0');
    assert.equal(config.worker.enabled, false);
    assert.equal(config.store.url, 'postgres://h/db');
  });

  test('an environment value of the wrong kind is reported under its key', () => {
    const problems = problemsOf(() => loadConfig({ env: { SPACEGATE_PORT: 'eighty' } }));
    assert.ok(
      problems.some((p) => p.startsWith('server.port:')),
      problems.join('\n'),
    );
  });

  test('YAML that does not parse names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'server: [unclosed\n');
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    assert.ok(problems[0]?.startsWith(file));
  });

  test('an empty or unreadable file is an error naming the file, never demo mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['blank.yaml', '  \n\n'],
      ['comments.yaml', '# nothing configured yet\n'],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const problems = problemsOf(() => loadConfig({ file, env: {} }));
      assert.deepEqual(problems, [
        `${file}: the file is empty; remove it (or name no file) for demo mode, or configure the sections`,
      ]);
    }
    for (const file of [join(dir, 'missing.yaml'), dir]) {
      const problems = problemsOf(() => loadConfig({ file, env: {} }));
      assert.equal(problems.length, 1);
      assert.ok(problems[0]?.startsWith(`${file}: `), problems[0]);
    }
  });

  test('secrets are redacted when the configuration is printed', () => {
    const secret = 's'.repeat(40);
    const config = parseConfig({ server: { sessionSecret: secret } });
    const printed = JSON.stringify(redactConfig(config));
    assert.ok(!printed.includes(secret));
    assert.ok(printed.includes('<secret>'));
  });
});
