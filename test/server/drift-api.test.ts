import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { grant, rowsOf } from '../helpers/space-permissions.ts';
import { waitFor } from '../store/fresh-store.ts';
import { runCli } from './cli-runner.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface DriftRow {
  kind: string;
  accountKey: string;
  value: string;
  resolution: string;
  requestId: string | null;
}

let running: RunningSpacegate;
before(async () => {
  running = await startDemoServer();
});
after(() => running.close());

describe('drift over the API (demo mode)', () => {
  test('an out-of-band grant in the emulator is reported by the next aggregation and, with revert on, removed', async () => {
    const emulator = running.runtime.emulator;
    assert.ok(emulator);
    const headers = { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' };
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${running.url}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    const aggregate = async () => {
      const started = await api('/api/v1/aggregations', { method: 'POST', body: '{}' });
      assert.equal(started.status, 202, await started.clone().text());
      const { id } = (await started.json()) as { id: string };
      const run = await waitFor(
        async () => (await (await api(`/api/v1/aggregations/${id}`)).json()) as { status: string },
        (r) => r.status !== 'running',
        60_000,
      );
      assert.equal(run.status, 'completed');
      return id;
    };
    await aggregate();
    const space = await spaceRequesterLacks(running);
    const patched = await api(`/api/v1/catalog/${encodeURIComponent(space.id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ driftPolicy: 'revert' }),
    });
    assert.equal(patched.status, 200, await patched.clone().text());
    assert.equal(((await patched.json()) as { driftPolicy: string }).driftPolicy, 'revert');

    const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
    const accountId = emulator.state.accountByEmailAddress(email)?.accountId ?? '';
    const answer = await confluenceClient(emulator)(
      'POST',
      `/wiki/rest/api/space/${space.key}/permission`,
      grant('user', accountId, 'read', 'space'),
    );
    assert.equal(answer.status, 200);
    const target = emulator.state.spaceByKeyName(space.key);
    assert.ok(target);
    assert.equal(rowsOf(target, accountId).length, 1);

    const runId = await aggregate();
    const listed = await api(`/api/v1/drift?kind=out_of_band&run=${runId}&state=all&total=true`);
    assert.equal(listed.status, 200, await listed.clone().text());
    const page = (await listed.json()) as { items: DriftRow[]; total: number };
    const found = page.items.find((e) => e.accountKey === accountId && e.value.startsWith(`${space.key}:`));
    assert.ok(found, JSON.stringify(page.items));
    assert.equal(found.resolution, 'revert_queued');
    assert.ok(found.requestId);
    const request = await waitFor(
      async () => (await (await api(`/api/v1/requests/${found.requestId}`)).json()) as { status: string },
      (r) => r.status === 'fulfilled',
      60_000,
    );
    assert.equal(request.status, 'fulfilled');
    assert.deepEqual(rowsOf(target, accountId), [], 'removed from the emulator');

    // The CLI reads the same report: the finding as JSON, and a kind it does not know refused by name.
    const cli = (args: string[]) => runCli(running, ['drift', 'list', ...args]);
    const printed = JSON.parse(
      (await cli(['--kind', 'out_of_band', '--run', runId, '--state', 'all', '--json'])).stdout,
    ) as {
      items: DriftRow[];
    };
    assert.deepEqual(
      printed.items.map((e) => [e.accountKey, e.value, e.resolution]),
      page.items.map((e) => [e.accountKey, e.value, e.resolution]),
    );
    const refused = await cli(['--kind', 'sideways']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /sideways/);

    const auditor = createClient(running.url);
    await auditor.signIn('auditor', 'demo');
    const drift = await auditor.page('/admin/drift?kind=out_of_band&state=all');
    assert.equal(drift.response.status, 200);
    assert.ok(drift.text.includes(accountId), 'the drift page lists it');
    assert.match(drift.text, /Reverted<\/a>: [1-9]/, 'counted as reverted');
    assert.ok(!drift.text.includes('/admin/drift/accept'), 'an auditor gets no actions');
    assert.match((await auditor.page('/')).text, /Drift: \d+ open/);
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    assert.equal((await requester.request('/api/v1/drift')).status, 403);

    // The catalog item's settings form sets the policy back to report only.
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const item = await admin.page(`/catalog/item?id=${encodeURIComponent(space.id)}`);
    assert.match(item.text, /<option value="revert" selected>/);
    const saved = await admin.form('/catalog/item/settings', {
      _csrf: item.csrf ?? '',
      itemId: space.id,
      requestable: 'yes',
      risk: 'low',
      driftPolicy: 'report',
    });
    assert.equal(saved.status, 303);
    const after = (await (await api(`/api/v1/catalog/${encodeURIComponent(space.id)}`)).json()) as {
      driftPolicy: string | null;
    };
    assert.equal(after.driftPolicy, 'report');
  });
});
