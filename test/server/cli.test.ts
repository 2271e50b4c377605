import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { runCli } from './cli-runner.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';

let running: RunningSpacegate;
const dir = mkdtempSync(join(tmpdir(), 'spacegate-cli-'));

const cli = (args: string[], env: Record<string, string> = {}) => runCli(running, args, env);

before(async () => {
  running = await startDemoServer();
});

after(() => running.close());

describe('the spacegate CLI', () => {
  test('config check names every bad key and exits 3; a good file is printed without secrets', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'store:\n  url: mysql://db\nserver:\n  port: -1\n  colour: red\n');
    const good = join(dir, 'good.yaml');
    writeFileSync(good, `server:\n  sessionSecret: ${'s'.repeat(40)}\n`);
    const connector = join(dir, 'bad-connector.json');
    writeFileSync(connector, '{"kind":"cloud"}');
    const site = join(dir, 'site.yaml');
    writeFileSync(site, `atlassian:\n  connectorFile: ${connector}\n`);
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    const [invalid, valid, help, usage, badItem, badConnector, emptyStart, emptyWorker] = await Promise.all([
      cli(['config', 'check', '--config', bad, '--json']),
      cli(['config', 'check', '--config', good]),
      cli(['requests', 'create', '--help']),
      cli(['requests', 'list', '--no-such-option']),
      cli(['requests', 'create', '--item', 'group:', '--justification', 'x']),
      cli(['start', '--config', site]),
      cli(['start', '--config', empty]),
      cli(['worker', '--config', empty]),
    ]);
    for (const refused of [emptyStart, emptyWorker]) {
      assert.equal(refused.code, 3, refused.stderr);
      assert.ok(refused.stderr.includes(`${empty}: the file is empty`), refused.stderr);
    }
    assert.equal(badConnector.code, 3, badConnector.stderr);
    assert.match(badConnector.stderr, /atlassian\.connectorFile \(.*\): site:/);
    assert.equal(invalid.code, 3);
    const problems = (JSON.parse(invalid.stdout) as { details: { problems: string[] } }).details.problems;
    assert.ok(problems.includes('store.url: expected file: or postgres: URL'));
    assert.ok(problems.includes('server.colour: unknown key'));
    assert.ok(problems.some((p) => p.startsWith('server.port:')));
    assert.equal(valid.code, 0, valid.stderr);
    assert.ok(!valid.stdout.includes('s'.repeat(40)));
    assert.match(valid.stdout, /<secret>/);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--justification <text>/);
    assert.equal(usage.code, 2);
    assert.equal(badItem.code, 2, badItem.stderr);
    assert.match(badItem.stderr, /catalog item id "group:": the group id is empty/);
  });

  test('requests create, list, and a refused (own) approval with its code and exit 5', async () => {
    const space = await spaceRequesterLacks(running);
    const requesterEmail = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
    const created = await cli([
      'requests',
      'create',
      '--item',
      space.id,
      '--permission',
      'view',
      'add_page',
      '--justification',
      'onboarding',
      '--for',
      requesterEmail,
      '--json',
    ]);
    assert.equal(created.code, 0, created.stderr + created.stdout);
    const request = JSON.parse(created.stdout) as { id: string; status: string };
    assert.equal(request.status, 'awaiting_approval');
    const [listed, refused, noToken] = await Promise.all([
      cli(['requests', 'list', '--status', 'awaiting_approval']),
      cli(['requests', 'approve', request.id, '--comment', 'not mine', '--json']),
      cli(['requests', 'list'], { SPACEGATE_TOKEN: 'sgt_wrong' }),
    ]);
    assert.equal(listed.code, 0);
    assert.ok(listed.stdout.includes(request.id));
    assert.equal(refused.code, 5);
    assert.equal((JSON.parse(refused.stdout) as { code: string }).code, 'approval.self_approval');
    assert.equal(noToken.code, 5);
    assert.match(noToken.stderr, /auth\.invalid_credentials/);
  });

  test('requests create --revoke asks for a removal (refused when nothing is held); failures lists for administrators', async () => {
    const space = await spaceRequesterLacks(running);
    const requesterEmail = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
    const [revoke, failures] = await Promise.all([
      cli([
        'requests',
        'create',
        '--revoke',
        '--item',
        space.id,
        '--permission',
        'view',
        '--justification',
        'left the project',
        '--for',
        requesterEmail,
        '--json',
      ]),
      cli(['requests', 'failures', '--json']),
    ]);
    assert.equal(revoke.code, 5, revoke.stderr + revoke.stdout);
    assert.equal((JSON.parse(revoke.stdout) as { code: string }).code, 'request.not_held');
    assert.equal(failures.code, 0, failures.stderr);
    assert.ok(Array.isArray((JSON.parse(failures.stdout) as { items: unknown[] }).items));
  });

  test('aggregate prints a summary; audit export writes CSV; identities import reports; test-connection reaches the site', async () => {
    const connectorFile = join(dir, 'connector.json');
    writeFileSync(connectorFile, JSON.stringify(running.runtime.emulator?.connectorConfig()));
    const hr = join(dir, 'hr.csv');
    writeFileSync(hr, 'employeeId,email,firstName,lastName,status\nX1,x1@example.org,Xavi,One,active\n');
    const [aggregate, exported, imported, connection] = await Promise.all([
      cli(['aggregate', '--json']),
      cli(['audit', 'export', '--type', 'request.created']),
      cli(['identities', 'import', hr, '--json']),
      cli(['test-connection', '--connector-file', connectorFile, '--json']),
    ]);
    assert.equal(aggregate.code, 0, aggregate.stderr);
    const summary = JSON.parse(aggregate.stdout) as {
      accounts: number;
      entitlements: number;
      apiCalls: number;
      seconds: number;
    };
    assert.ok(summary.accounts > 0 && summary.entitlements > 0 && summary.apiCalls > 0);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^seq,at,actor,type,subject,data\r\n/);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as { created: number }).created, 1);
    assert.equal(connection.code, 0, connection.stderr + connection.stdout);
    assert.equal((JSON.parse(connection.stdout) as { ok: boolean }).ok, true);
  });
});
