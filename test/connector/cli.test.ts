import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { confluenceAccountIds, startFixture } from './fixture.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'spacegate');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('spacegate connector (CLI)', async () => {
  const fixture = await startFixture({ size: 'small', seed: 17 });
  const dir = await mkdtemp(join(tmpdir(), 'spacegate-cli-'));
  const configFile = join(dir, 'emulator.json');
  await writeFile(configFile, JSON.stringify(fixture.config));

  test('std:account:list streams one NDJSON frame per account, then the state', async () => {
    const run = await cli(['connector', 'std:account:list', '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    const frames = lines(run.stdout);
    const items = frames.filter((frame) => frame.type === 'item');
    assert.equal(items.length, confluenceAccountIds(fixture.emulator).size);
    assert.equal(frames.at(-1)?.type, 'state');
    const state = (frames.at(-1) as { state: unknown }).state;
    const delta = await cli([
      'connector',
      'std:account:list',
      '--config',
      configFile,
      '--input',
      JSON.stringify({ state }),
    ]);
    assert.deepEqual(
      lines(delta.stdout).map((frame) => frame.type),
      ['state'],
    );
  });

  test('std:account:update and std:entitlement:read take --input and print one object', async () => {
    const [accountId] = confluenceAccountIds(fixture.emulator);
    assert.ok(accountId);
    const update = await cli([
      'connector',
      'std:account:update',
      '--config',
      configFile,
      '--input',
      JSON.stringify({
        key: accountId,
        changes: [{ op: 'Set', attribute: 'jobTitle', value: 'CLI Tester' }],
      }),
    ]);
    assert.equal(update.code, 0, update.stderr);
    const [result] = lines(update.stdout);
    assert.equal((result as { changed: boolean }).changed, true);
    const space = [...fixture.emulator.state.spaces.values()][0];
    assert.ok(space);
    const read = await cli([
      'connector',
      'std:entitlement:read',
      '--config',
      configFile,
      '--input',
      JSON.stringify({ type: 'space', key: space.key }),
    ]);
    assert.equal((lines(read.stdout)[0] as { key: string }).key, space.key);
  });

  test('a SailPoint payload works as copied from SailPoint: a simple key, the identity beside it', async () => {
    const [accountId] = confluenceAccountIds(fixture.emulator);
    assert.ok(accountId);
    const update = await cli([
      'connector',
      'std:account:update',
      '--config',
      configFile,
      '--input',
      JSON.stringify({
        key: { simple: { id: accountId } },
        identity: 'ignored@example.com',
        changes: [{ op: 'Set', attribute: 'department', value: 'From SailPoint' }],
      }),
    ]);
    assert.equal(update.code, 0, update.stderr);
    const [result] = lines(update.stdout) as Array<{
      account: { key: string; attributes: { department: string } };
    }>;
    assert.equal(result?.account.key, accountId);
    assert.equal(result?.account.attributes.department, 'From SailPoint');
  });

  test('failures print one JSON error with its code on stderr and exit non-zero', async () => {
    const missing = await cli([
      'connector',
      'std:account:read',
      '--config',
      configFile,
      '--input',
      '{"key":"nobody"}',
    ]);
    assert.equal(missing.code, 1);
    assert.equal(lines(missing.stderr)[0]?.code, 'not_found');
    assert.equal(missing.stdout, '');

    const badConfig = join(dir, 'bad.json');
    await writeFile(
      badConfig,
      JSON.stringify({ ...fixture.config, site: { ...fixture.config.site, url: 'nope' } }),
    );
    const invalid = await cli(['connector', 'std:test-connection', '--config', badConfig]);
    assert.equal(invalid.code, 1);
    const error = lines(invalid.stderr)[0];
    assert.equal(error?.code, 'invalid_config');
    assert.match(String(error?.message), /site\.url/);
    assert.doesNotMatch(invalid.stderr, new RegExp(fixture.config.site.apiToken));

    await fixture.control('PUT', '/credentials', { revoked: ['site'] });
    const denied = await cli(['connector', 'std:test-connection', '--config', configFile]);
    await fixture.control('PUT', '/credentials', { revoked: [] });
    assert.equal(denied.code, 1);
    assert.equal(lines(denied.stderr)[0]?.code, 'auth_failed');
  });
});
