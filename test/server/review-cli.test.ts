import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { runCli } from './cli-runner.ts';
import { startDemoServer } from './demo-server.ts';

let running: RunningSpacegate;

const cli = (args: string[]) => runCli(running, args);

before(async () => {
  running = await startDemoServer();
});

after(() => running.close());

describe('spacegate reviews', () => {
  test('create, launch, show, items, close and the CSV report, over the API', async () => {
    const admin = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
    const fallback =
      (await running.runtime.store.transaction((tx) => tx.identities.getByEmail(admin)))?.id ?? '';
    const refused = await cli([
      'reviews',
      'create',
      '--name',
      'x',
      '--deadline',
      '2001-01-01',
      '--fallback',
      fallback,
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /deadline/);
    const created = await cli([
      'reviews',
      'create',
      '--name',
      'CLI review',
      '--deadline',
      '2099-01-01',
      '--fallback',
      fallback,
      '--risks',
      'high',
      '--json',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const launched = await cli(['reviews', 'launch', id]);
    assert.equal(launched.code, 0, launched.stderr);
    const listed = await cli(['reviews', 'list', '--status', 'active']);
    assert.match(listed.stdout, new RegExp(`${id}\\s+active\\s+CLI review`), listed.stderr);
    const shown = await cli(['reviews', 'show', id, '--json']);
    const items = await cli(['reviews', 'items', id, '--json']);
    const view = JSON.parse(shown.stdout) as { overall: { total: number } };
    const page = JSON.parse(items.stdout) as { items: Array<{ risk: string }> };
    assert.ok(
      page.items.every((i) => i.risk === 'high'),
      'only high-risk access is in scope',
    );
    const closed = await cli(['reviews', 'close', id]);
    assert.equal(closed.code, 0, closed.stderr);
    const report = await cli(['reviews', 'report', id]);
    assert.equal(report.code, 0, report.stderr);
    const lines = report.stdout.trim().split('\r\n');
    assert.equal(lines.length, view.overall.total + 1, 'a header and every item');
    assert.match(lines[0] ?? '', /^item,person,/);
  });
});
