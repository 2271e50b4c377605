import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'spacegate');

/** Waits until the child has printed a line matching the pattern, and returns all it printed. */
async function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  let out = '';
  child.stdout?.setEncoding('utf8');
  for await (const chunk of child.stdout ?? []) {
    out += chunk;
    if (pattern.test(out)) return out;
  }
  throw new Error(`exited before printing ${pattern}: ${out}`);
}

describe('spacegate emulator', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('prints base URLs and credentials, writes the connector configuration, serves the control API', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spacegate-emulator-'));
    dirs.push(dir);
    const file = join(dir, 'emulator.json');
    const child = spawn(process.execPath, [
      BIN,
      'emulator',
      '--port',
      '0',
      '--seed',
      '5',
      '--write-config',
      file,
    ]);
    try {
      const out = await waitForOutput(child, /Connector configuration written/);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      const config = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(config.kind, 'cloud');
      assert.equal(config.site.url, url);
      assert.match(out, new RegExp(config.site.apiToken));
      assert.match(config.productGroup, /^confluence-users-/);
      const summary = (await (await fetch(`${url}/_emulator/summary`)).json()) as { orgId: string };
      assert.equal(summary.orgId, config.admin.orgId);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('--fault and --revoke are in force from the start', async () => {
    const child = spawn(process.execPath, [
      BIN,
      'emulator',
      '--port',
      '0',
      '--fault',
      'status:503,count=1,pathPrefix=/wiki',
      '--revoke',
      'scim',
    ]);
    try {
      const out = await waitForOutput(child, /Control API/);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.equal((await fetch(`${url}/wiki/rest/api/space`)).status, 503);
      assert.equal((await fetch(`${url}/wiki/rest/api/space`)).status, 401, 'the fault fired once');
      const scimKey = /SCIM[\s\S]*?bearer\s+(\S+)/.exec(out)?.[1];
      const directory = /scim\/directory\/(\S+)/.exec(out)?.[1];
      const scim = await fetch(`${url}/scim/directory/${directory}/Users`, {
        headers: { authorization: `Bearer ${scimKey}` },
      });
      assert.equal(scim.status, 401, 'the SCIM key is revoked');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('--flavor datacenter writes a datacenter configuration whose credentials the instance accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spacegate-emulator-'));
    dirs.push(dir);
    const file = join(dir, 'dc.json');
    const child = spawn(process.execPath, [
      BIN,
      'emulator',
      '--flavor',
      'datacenter',
      '--dc-version',
      '7.19',
      '--port',
      '0',
      '--write-config',
      file,
    ]);
    try {
      await waitForOutput(child, /Connector configuration written/);
      const config = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(config.kind, 'datacenter');
      assert.match(config.version, /^7\.19\./);
      assert.match(config.baseUrl, /\/confluence$/);
      assert.equal(config.auth.type, 'basic');
      const basic = Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64');
      const me = await fetch(`${config.baseUrl}/rest/api/user/current`, {
        headers: { authorization: `Basic ${basic}` },
      });
      assert.equal(((await me.json()) as { username: string }).username, config.auth.username);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('a bad option is named and exits 2', () => {
    const result = spawnSync(process.execPath, [BIN, 'emulator', '--size', 'huge'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /'huge' is invalid/);
    const latency = spawnSync(process.execPath, [BIN, 'emulator', '--latency-ms', '-3'], {
      encoding: 'utf8',
    });
    assert.equal(latency.status, 2);
    assert.match(latency.stderr, /--latency-ms must be a whole number/);
    const fault = spawnSync(process.execPath, [BIN, 'emulator', '--fault', 'reset'], { encoding: 'utf8' });
    assert.equal(fault.status, 2);
    assert.match(fault.stderr, /--fault reset: give count/);
    const revoke = spawnSync(process.execPath, [BIN, 'emulator', '--revoke', 'all'], { encoding: 'utf8' });
    assert.equal(revoke.status, 2);
    assert.match(revoke.stderr, /expected site, admin or scim/);
    const dcRevoke = spawnSync(
      process.execPath,
      [BIN, 'emulator', '--flavor', 'datacenter', '--revoke', 'scim'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(dcRevoke.status, 2);
    assert.match(dcRevoke.stderr, /expected basic or pat for --flavor datacenter/);
  });
});
