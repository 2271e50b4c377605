import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/server/config/load.ts';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { startDemoServer } from './demo-server.ts';

describe('demo mode on the built-in Data Center emulator', () => {
  let running: RunningSpacegate;
  before(async () => {
    running = await startDemoServer({ flavor: 'datacenter' });
  });
  after(() => running.close());

  test('SPACEGATE_DEMO_FLAVOR=datacenter selects it; anything else is refused naming the key', () => {
    assert.equal(
      loadConfig({ env: { SPACEGATE_DEMO_FLAVOR: 'datacenter' } }).config.demo.flavor,
      'datacenter',
    );
    assert.equal(loadConfig({ env: {} }).config.demo.flavor, 'cloud');
    assert.throws(() => loadConfig({ env: { SPACEGATE_DEMO_FLAVOR: 'server' } }), /demo\.flavor/);
  });

  test('the Data Center emulator serves the demo: accounts aggregated, sign-in accounts act as its people, spaces offer Delete Mail', async () => {
    assert.equal(running.runtime.emulator, undefined);
    const dc = running.runtime.dcEmulator;
    assert.ok(dc);
    const accounts = await running.runtime.store.transaction((tx) => tx.accounts.list());
    assert.ok(accounts.length > 0);
    for (const account of accounts.slice(0, 5)) assert.ok(dc.state.accounts.has(account.key), account.key);
    const requester = running.demoAccounts.find((a) => a.username === 'requester');
    assert.ok(requester?.identity, 'the requester acts as a person of the instance');
    const response = await fetch(`${running.url}/api/v1/catalog?type=space&limit=5`, {
      headers: { authorization: `Bearer ${running.demoToken}` },
    });
    assert.equal(response.status, 200);
    const { items } = (await response.json()) as { items: Array<{ id: string }> };
    const [space] = items;
    assert.ok(space);
    const { options } = await running.runtime.governance.catalog.describe(space.id);
    assert.equal(options.find((o) => o.id === 'delete_mail')?.manageable, true);
  });
});
