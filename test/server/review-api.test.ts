import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface Item {
  id: string;
  identityId: string;
  personName: string;
  reviewerId: string;
  decision: string | null;
  revocationRequestId: string | null;
}

let running: RunningSpacegate;
let space: { id: string; key: string };

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const identityOf = async (username: string) => {
  const email = running.demoAccounts.find((a) => a.username === username)?.identity ?? '';
  const found = await running.runtime.store.transaction((tx) => tx.identities.getByEmail(email));
  assert.ok(found, `${username} acts as an identity`);
  return found;
};

before(async () => {
  running = await startDemoServer();
  space = await spaceRequesterLacks(running);
});

after(() => running.close());

describe('access reviews over the API (demo mode)', () => {
  test('define, launch, a bulk revoke by the manager, gone from the emulator, close, report and CSV', async () => {
    const requesterId = (await identityOf('requester')).id;
    const approver = await identityOf('approver');
    const adminId = (await identityOf('admin')).id;
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const created = await requester.json(
      'POST',
      '/api/v1/requests',
      { itemId: space.id, permissions: ['view'], justification: 'project' },
      await requester.csrf(),
    );
    assert.equal(created.status, 201, await created.clone().text());
    const request = (await created.json()) as { id: string; status: string };
    const manager = createClient(running.url);
    await manager.signIn('approver', 'demo');
    const managerCsrf = await manager.csrf();
    if (request.status === 'awaiting_approval') {
      const decided = await manager.json(
        'POST',
        `/api/v1/requests/${request.id}/decision`,
        { decision: 'approve', comment: 'ok' },
        managerCsrf,
      );
      assert.equal(decided.status, 200, await decided.clone().text());
    }
    await until(async () => {
      const body = (await (await requester.request(`/api/v1/requests/${request.id}`)).json()) as {
        status: string;
      };
      return body.status === 'fulfilled' ? body : undefined;
    }, 'the grant');

    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const adminCsrf = await admin.csrf();
    const definition = {
      name: 'Quarterly review',
      scope: { spaces: [space.key] },
      reviewers: { rule: 'manager', fallback: adminId },
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      undecided: 'keep',
    };
    const refused = await requester.json('POST', '/api/v1/reviews', definition, await requester.csrf());
    assert.equal(refused.status, 403);
    const past = await admin.json(
      'POST',
      '/api/v1/reviews',
      { ...definition, deadline: '2001-01-01T00:00:00Z' },
      adminCsrf,
    );
    assert.equal(past.status, 422);
    assert.deepEqual(((await past.json()) as { code: string; details: unknown }).details, {
      field: 'deadline',
    });
    const unknownFallback = await admin.json(
      'POST',
      '/api/v1/reviews',
      { ...definition, reviewers: { rule: 'manager', fallback: 'nobody' } },
      adminCsrf,
    );
    assert.equal(((await unknownFallback.json()) as { code: string }).code, 'review.invalid');

    const defined = await admin.json('POST', '/api/v1/reviews', definition, adminCsrf);
    assert.equal(defined.status, 201, await defined.clone().text());
    const campaign = (await defined.json()) as { id: string; status: string };
    assert.equal(campaign.status, 'draft');
    const launched = await admin.json('POST', `/api/v1/reviews/${campaign.id}/launch`, {}, adminCsrf);
    assert.equal(launched.status, 200, await launched.clone().text());

    const { items: total } = (await launched.json()) as { items: number };
    assert.ok(total >= 1);

    const mine = (await (await manager.request(`/api/v1/reviews/${campaign.id}/items?limit=200`)).json()) as {
      items: Item[];
    };
    const target = mine.items.find((i) => i.identityId === requesterId);
    assert.ok(target, "the requester's access is in their manager's list");
    assert.ok(mine.items.every((i) => i.reviewerId === approver.id && i.identityId !== approver.id));
    const ownList = await requester.request(`/api/v1/reviews/${campaign.id}/items?limit=200`);
    if (ownList.status === 200) {
      const own = (await ownList.json()) as { items: Item[] };
      assert.ok(
        own.items.every((i) => i.identityId !== requesterId),
        'nobody reviews their own access',
      );
    } else assert.equal(ownList.status, 404);

    const badFilter = await manager.request(
      `/api/v1/reviews/${campaign.id}/items?item=${encodeURIComponent('group:')}`,
    );
    assert.equal(badFilter.status, 400);
    assert.equal(((await badFilter.json()) as { code: string }).code, 'catalog.invalid_id');
    const badBulk = await manager.json(
      'POST',
      `/api/v1/reviews/${campaign.id}/decisions`,
      { decision: 'revoke', comment: 'x', matching: { item: 'Space:ENG' } },
      managerCsrf,
    );
    assert.equal(badBulk.status, 400, await badBulk.clone().text());
    assert.match(((await badBulk.json()) as { message: string }).message, /unknown kind "Space"/);
    const bulk = await manager.json(
      'POST',
      `/api/v1/reviews/${campaign.id}/decisions`,
      { decision: 'revoke', comment: 'project over', matching: { q: target.personName } },
      managerCsrf,
    );
    assert.equal(bulk.status, 200, await bulk.clone().text());
    assert.ok(((await bulk.json()) as { decided: number }).decided >= 1);
    const again = await manager.json(
      'POST',
      `/api/v1/reviews/${campaign.id}/decisions`,
      { decision: 'keep', itemIds: [target.id] },
      managerCsrf,
    );
    assert.equal(((await again.json()) as { code: string }).code, 'review.already_decided');

    const state = running.runtime.emulator?.state;
    const accountId = state?.accountByEmailAddress(
      running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '',
    )?.accountId;
    await until(() => {
      const held = state
        ?.spaceByKeyName(space.key)
        ?.permissions.some((p) => p.principal.type === 'user' && p.principal.id === accountId);
      return Promise.resolve(held === false ? true : undefined);
    }, 'the revocation in the emulator');

    const progress = (await (await admin.request(`/api/v1/reviews/${campaign.id}`)).json()) as {
      overall: { total: number; revoked: number };
    };
    assert.equal(progress.overall.total, total);
    assert.ok(progress.overall.revoked >= 1);
    const closed = await admin.json('POST', `/api/v1/reviews/${campaign.id}/close`, {}, adminCsrf);
    assert.equal(closed.status, 200, await closed.clone().text());

    const report = (await (
      await admin.request(`/api/v1/reviews/${campaign.id}/report?limit=200`)
    ).json()) as {
      items: Array<{ item: Item; revocation: { status: string } | null }>;
    };
    assert.equal(report.items.length, total, 'every item');
    assert.ok(
      report.items.every((r) => r.item.decision !== null),
      'undecided items followed the rule',
    );
    const row = report.items.find((r) => r.item.id === target.id);
    await until(async () => {
      const fresh = (await (
        await admin.request(`/api/v1/reviews/${campaign.id}/report?limit=200`)
      ).json()) as typeof report;
      return fresh.items.find((r) => r.item.id === target.id)?.revocation?.status === 'fulfilled'
        ? true
        : undefined;
    }, 'the revocation fulfilled in the report');
    assert.equal(row?.item.decision, 'revoke');
    const csv = await admin.request(`/api/v1/reviews/${campaign.id}/report.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines.length, total + 1);
    assert.ok(
      lines.some(
        (l) => l.startsWith(target.id) && l.includes(',revoke,project over,') && l.includes(',fulfilled,'),
      ),
    );
    const auditorCsv = await requester.request(`/api/v1/reviews/${campaign.id}/report.csv`);
    assert.equal(auditorCsv.status, 403);
  });
});
