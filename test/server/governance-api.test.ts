import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface RequestBody {
  id: string;
  status: string;
  beneficiary: { email: string };
}
interface ErrorBody {
  code: string;
  message: string;
}

let running: RunningSpacegate;
let spaceId: string;

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  running = await startDemoServer();
  spaceId = (await spaceRequesterLacks(running)).id;
});

after(() => running.close());

describe('governance over the API (demo mode, small profile)', () => {
  test('request, approve, fulfilled: the permission appears on the emulated site', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const csrf = await requester.csrf();
    const withoutCsrf = await requester.json(
      'POST',
      '/api/v1/requests',
      { itemId: spaceId, permissions: ['view'], justification: 'x' },
      undefined,
    );
    assert.equal(withoutCsrf.status, 403);
    const created = await requester.json(
      'POST',
      '/api/v1/requests',
      { itemId: spaceId, permissions: ['view', 'add_comment'], justification: 'Project work' },
      csrf,
    );
    assert.equal(created.status, 201, await created.clone().text());
    const request = (await created.json()) as RequestBody;
    assert.equal(request.status, 'awaiting_approval');

    const duplicate = await requester.json(
      'POST',
      '/api/v1/requests',
      { itemId: spaceId, permissions: ['view'], justification: 'again' },
      csrf,
    );
    assert.equal(duplicate.status, 409);
    assert.equal(((await duplicate.json()) as ErrorBody).code, 'request.duplicate_open');

    const approver = createClient(running.url);
    await approver.signIn('approver', 'demo');
    const inbox = (await (await approver.request('/api/v1/approvals')).json()) as {
      items: Array<{ request: { id: string } }>;
    };
    assert.ok(
      inbox.items.some((entry) => entry.request.id === request.id),
      'the request is in the approver inbox',
    );
    const decided = await approver.json(
      'POST',
      `/api/v1/requests/${request.id}/decision`,
      { decision: 'approve', comment: 'ok' },
      await approver.csrf(),
    );
    assert.equal(decided.status, 200, await decided.clone().text());

    const fulfilled = await until(async () => {
      const body = (await (await requester.request(`/api/v1/requests/${request.id}`)).json()) as RequestBody;
      return body.status === 'fulfilled' || body.status === 'failed' ? body : undefined;
    }, 'fulfillment');
    assert.equal(fulfilled.status, 'fulfilled');
    const state = running.runtime.emulator?.state;
    const account = state?.accountByEmailAddress(request.beneficiary.email);
    const space = state?.spaceByKeyName(spaceId.slice('space:'.length));
    assert.ok(account && space);
    const held = space.permissions.filter(
      (p) => p.principal.type === 'user' && p.principal.id === account.accountId,
    );
    assert.ok(held.some((p) => p.key === 'read' && p.target === 'space'));
    assert.ok(held.some((p) => p.key === 'create' && p.target === 'comment'));

    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const access = (await (await admin.request(`/api/v1/accounts/${account.accountId}`)).json()) as {
      access: Array<{ value: string; via: string }>;
    };
    const key = spaceId.slice('space:'.length);
    assert.ok(access.access.some((a) => a.value === `${key}:add_comment` && a.via === 'direct'));
    let path: string | undefined = `/admin/entitlements/space/${encodeURIComponent(key)}`;
    let row: string | undefined;
    for (let pages = 0; path !== undefined && row === undefined && pages < 100; pages++) {
      const page = await admin.page(path);
      row = page.text.split('<tr>').find((r) => r.includes(`/admin/accounts/${account.accountId}"`));
      path = /<a href="([^"]+)" rel="next">/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    }
    assert.match(row ?? '', /Add Comment/, 'the holders page shows the fulfilled grant at once');
  });

  test('roles limit what each person sees and does', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const accounts = await requester.request('/api/v1/accounts');
    assert.equal(accounts.status, 403);
    assert.equal(((await accounts.json()) as ErrorBody).code, 'auth.forbidden');

    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const own = await admin.json(
      'POST',
      '/api/v1/requests',
      { itemId: spaceId, permissions: ['add_blog'], justification: 'admin asks' },
      await admin.csrf(),
    );
    assert.equal(own.status, 201, await own.clone().text());
    const adminRequest = (await own.json()) as RequestBody;
    assert.equal(
      (await requester.request(`/api/v1/requests/${adminRequest.id}`)).status,
      404,
      'not visible to another requester',
    );
    const mine = (await (await requester.request('/api/v1/requests?scope=mine')).json()) as {
      items: RequestBody[];
    };
    assert.ok(mine.items.every((r) => r.id !== adminRequest.id));

    const auditor = createClient(running.url);
    await auditor.signIn('auditor', 'demo');
    const all = (await (await auditor.request('/api/v1/requests')).json()) as { items: RequestBody[] };
    assert.ok(
      all.items.some((r) => r.id === adminRequest.id),
      'the auditor sees everyone',
    );
    const start = await auditor.json('POST', '/api/v1/aggregations', {}, await auditor.csrf());
    assert.equal(start.status, 403, 'the auditor cannot start an aggregation');
    const csv = await (await auditor.request('/api/v1/audit.csv?type=request.created')).text();
    assert.match(csv.split('\r\n')[0] ?? '', /^seq,at,actor,type,subject,data$/);
    assert.ok(csv.includes(adminRequest.id));
  });

  test('an API token runs an aggregation and follows its progress to a summary', async () => {
    const headers = { authorization: `Bearer ${running.demoToken}` };
    const started = await fetch(`${running.url}/api/v1/aggregations`, { method: 'POST', headers });
    assert.equal(started.status, 202);
    const { id } = (await started.json()) as { id: string };
    const done = await until(async () => {
      const run = (await (await fetch(`${running.url}/api/v1/aggregations/${id}`, { headers })).json()) as {
        status: string;
        summary: { accounts: number } | null;
        progress: { apiCalls: number };
      };
      return run.status === 'running' ? undefined : run;
    }, 'the aggregation');
    assert.equal(done.status, 'completed');
    assert.ok((done.summary?.accounts ?? 0) > 0);
    assert.ok(done.progress.apiCalls > 0);
    const metrics = await (
      await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${running.demoToken}` } })
    ).text();
    assert.match(metrics, /spacegate_aggregation_duration_seconds_count\{outcome="completed"\} [1-9]/);
    assert.match(metrics, /spacegate_connector_api_calls_total\{api="[a-z]+",status="200"\} [1-9]/);
    assert.match(metrics, /spacegate_queue_depth\{state="queued"\} \d+/);
    assert.match(metrics, /spacegate_fulfillment_latency_seconds_count\{outcome="done"\} [1-9]/);
  });

  test('an administrator changes a catalog item; the change is audited; others may not', async () => {
    const headers = { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' };
    const approverEmail = running.demoAccounts.find((a) => a.username === 'approver')?.identity;
    const patched = await fetch(`${running.url}/api/v1/catalog/${encodeURIComponent(spaceId)}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ risk: 'medium', ownerEmail: approverEmail }),
    });
    assert.equal(patched.status, 200, await patched.clone().text());
    const item = (await patched.json()) as { risk: string; owner: string | null };
    assert.equal(item.risk, 'medium');
    assert.ok(item.owner);
    const unknown = await fetch(`${running.url}/api/v1/catalog/${encodeURIComponent(spaceId)}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ ownerEmail: 'nobody@nowhere.example' }),
    });
    assert.equal(unknown.status, 400);
    const audit = (await (
      await fetch(`${running.url}/api/v1/audit?type=catalog.item_changed`, { headers })
    ).json()) as { items: Array<{ subject: string }> };
    assert.ok(audit.items.some((e) => e.subject === `catalog:${spaceId}`));
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const refused = await requester.json(
      'PATCH',
      `/api/v1/catalog/${encodeURIComponent(spaceId)}`,
      { risk: 'low' },
      await requester.csrf(),
    );
    assert.equal(refused.status, 403);
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const holders = await admin.page(
      `/admin/entitlements/space/${encodeURIComponent(spaceId.slice('space:'.length))}`,
    );
    assert.equal(holders.response.status, 200);
    assert.match(holders.text, /Who holds which permissions<\/caption>/);
  });

  test('a malformed catalog item id is refused with 400 naming the problem, on the API and the web page', async () => {
    const headers = { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' };
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${running.url}${path}`, { headers, ...init });
    const cases: Array<[string, Promise<Response>, RegExp]> = [
      ['GET one item', api(`/api/v1/catalog/${encodeURIComponent('group:')}`), /the group id is empty/],
      [
        'PATCH an item',
        api(`/api/v1/catalog/${encodeURIComponent('Space:ENG')}`, {
          method: 'PATCH',
          body: JSON.stringify({ risk: 'low' }),
        }),
        /unknown kind "Space"/,
      ],
      [
        'filter requests',
        api(`/api/v1/requests?item=${encodeURIComponent('space: ')}`),
        /the space key is empty/,
      ],
      [
        'submit a request',
        api('/api/v1/requests', {
          method: 'POST',
          body: JSON.stringify({ itemId: 'ENG', permissions: ['view'], justification: 'x' }),
        }),
        /"ENG": no kind/,
      ],
    ];
    for (const [name, pending, message] of cases) {
      const response = await pending;
      assert.equal(response.status, 400, `${name}: ${await response.clone().text()}`);
      const body = (await response.json()) as ErrorBody;
      assert.equal(body.code, 'catalog.invalid_id', name);
      assert.match(body.message, message, name);
    }
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const page = await admin.page(`/catalog/item?id=${encodeURIComponent('group:')}`);
    assert.equal(page.response.status, 400);
    assert.match(page.text, /the group id is empty/);
  });

  test('a rejection with a comment closes the request; a requester can cancel an open one', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const csrf = await requester.csrf();
    const submit = async (permissions: string[]) => {
      const response = await requester.json(
        'POST',
        '/api/v1/requests',
        { itemId: spaceId, permissions, justification: 'try' },
        csrf,
      );
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as RequestBody).id;
    };
    const toReject = await submit(['add_attachment']);
    const approver = createClient(running.url);
    await approver.signIn('approver', 'demo');
    const rejected = await approver.json(
      'POST',
      `/api/v1/requests/${toReject}/decision`,
      { decision: 'reject', comment: 'Use the shared drive.' },
      await approver.csrf(),
    );
    assert.equal(rejected.status, 200);
    const body = (await rejected.json()) as {
      status: string;
      stages: Array<{ approvals: Array<{ decision: string; reason: string }> }>;
    };
    assert.equal(body.status, 'rejected');
    assert.deepEqual(
      body.stages[0]?.approvals.map((a) => [a.decision, a.reason]),
      [['rejected', 'Use the shared drive.']],
    );
    const again = await approver.json(
      'POST',
      `/api/v1/requests/${toReject}/decision`,
      { decision: 'approve' },
      await approver.csrf(),
    );
    assert.equal(again.status, 409);

    const toCancel = await submit(['delete_own']);
    const cancelled = await requester.json('POST', `/api/v1/requests/${toCancel}/cancel`, {}, csrf);
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as RequestBody).status, 'cancelled');
  });

  test('after sign-out the old session cookie no longer works', async () => {
    const client = createClient(running.url);
    await client.signIn('requester', 'demo');
    const cookie = client.jar.get('sg_session') ?? '';
    const signOut = await client.form('/sign-out', { _csrf: await client.csrf() });
    assert.equal(signOut.status, 303);
    const replay = await fetch(`${running.url}/api/v1/me`, { headers: { cookie: `sg_session=${cookie}` } });
    assert.equal(replay.status, 401);
  });
});
