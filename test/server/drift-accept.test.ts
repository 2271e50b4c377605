import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { confluenceClient } from '../helpers/emulator-client.ts';
import { grant, rowsOf } from '../helpers/space-permissions.ts';
import { freshLocation, STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import { runCli } from './cli-runner.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

interface DriftRow {
  id: string;
  kind: string;
  accountKey: string;
  value: string;
  state: string;
  closedBy: string | null;
  closedAt: string | null;
  note: string | null;
  requestId: string | null;
}

type Space = { id: string; key: string };

for (const kind of STORE_KINDS) {
  describe(`accepting and reverting drift over HTTP: ${kind}`, () => {
    let running: RunningSpacegate;
    let cleanup: () => Promise<void>;
    /** Four global spaces the requester was given in Confluence directly, one finding each. */
    const spaces: Space[] = [];
    let findings = new Map<string, DriftRow>();
    let accountId = '';

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${running.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${running.demoToken}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
    const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
    const aggregate = async () => {
      const started = await post('/api/v1/aggregations', {});
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
    const setPolicy = async (space: Space, driftPolicy: 'report' | 'revert') => {
      const patched = await api(`/api/v1/catalog/${encodeURIComponent(space.id)}`, {
        method: 'PATCH',
        body: JSON.stringify({ driftPolicy }),
      });
      assert.equal(patched.status, 200, await patched.clone().text());
    };
    const list = async (query: string) => {
      const response = await api(`/api/v1/drift?limit=200&${query}`);
      assert.equal(response.status, 200, await response.clone().text());
      return ((await response.json()) as { items: DriftRow[] }).items;
    };
    const openGauge = async () => {
      const text = await (await api('/metrics')).text();
      const value = /^spacegate_drift_open\{kind="out_of_band"\} (\d+)$/m.exec(text)?.[1];
      assert.ok(value !== undefined, text);
      return Number(value);
    };
    const heldIn = (space: Space) => {
      const target = running.runtime.emulator?.state.spaceByKeyName(space.key);
      assert.ok(target);
      return rowsOf(target, accountId).length;
    };
    const finding = (space: Space) => {
      const found = findings.get(space.key);
      assert.ok(found, `a finding for ${space.key}`);
      return found;
    };

    before(async () => {
      const location = freshLocation(kind);
      cleanup = location.cleanup;
      const store =
        location.schema === undefined
          ? { url: location.url }
          : { url: location.url, schema: location.schema };
      running = await startDemoServer({ sections: { store } });
      await aggregate();
      const emulator = running.runtime.emulator;
      assert.ok(emulator);
      const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
      accountId = emulator.state.accountByEmailAddress(email)?.accountId ?? '';
      for (let i = 0; i < 4; i += 1) {
        const space = await spaceRequesterLacks(
          running,
          spaces.map((s) => s.key),
        );
        spaces.push(space);
        await setPolicy(space, 'report');
        const answer = await confluenceClient(emulator)(
          'POST',
          `/wiki/rest/api/space/${space.key}/permission`,
          grant('user', accountId, 'read', 'space'),
        );
        assert.equal(answer.status, 200);
      }
      const runId = await aggregate();
      const open = await list(`kind=out_of_band&run=${runId}`);
      findings = new Map(
        open.filter((e) => e.accountKey === accountId).map((e) => [e.value.split(':')[0] ?? '', e]),
      );
      assert.equal(findings.size, 4, JSON.stringify(open));
    });
    after(async () => {
      await running?.close();
      await cleanup?.();
    });

    test('accepted through the API: closed with who, when and the note; no longer open; the gauge drops; kept by a later aggregation with revert on', async () => {
      const [space] = spaces as [Space];
      const event = finding(space);
      assert.equal(event.state, 'open');
      const before = await openGauge();
      assert.ok(before >= 4, `open out-of-band drift before: ${before}`);

      const requester = createClient(running.url);
      await requester.signIn('requester', 'demo');
      const path = `/api/v1/drift/${encodeURIComponent(event.id)}/accept`;
      const refused = await requester.json('POST', path, { note: 'mine' }, await requester.csrf());
      assert.equal(refused.status, 403, 'a non-administrator may not accept');
      const auditor = createClient(running.url);
      await auditor.signIn('auditor', 'demo');
      assert.equal((await auditor.json('POST', path, { note: 'x' }, await auditor.csrf())).status, 403);

      const empty = await post(path, { note: '   ' });
      assert.equal(empty.status, 422);
      assert.deepEqual(((await empty.json()) as { details?: unknown }).details, { field: 'note' });
      assert.equal((await post(path, {})).status, 400, 'no note at all');

      const accepted = await post(path, { note: 'the space owner asked for it' });
      assert.equal(accepted.status, 200, await accepted.clone().text());
      const closed = (await accepted.json()) as DriftRow;
      assert.equal(closed.state, 'accepted');
      assert.equal(closed.note, 'the space owner asked for it');
      assert.ok(closed.closedBy !== null && closed.closedAt !== null);
      assert.equal(closed.requestId, null);

      const twice = await post(path, { note: 'again' });
      assert.equal(twice.status, 409);
      assert.equal(((await twice.json()) as { code: string }).code, 'drift.not_open');
      assert.equal((await post(`/api/v1/drift/${encodeURIComponent(event.id)}/revert`, {})).status, 409);
      assert.equal((await post('/api/v1/drift/no-such-finding/accept', { note: 'x' })).status, 404);

      assert.ok(!(await list('kind=out_of_band')).some((e) => e.id === event.id), 'not in the open report');
      assert.ok((await list('state=accepted')).some((e) => e.id === event.id));
      const counts = (await (await api('/api/v1/drift/counts')).json()) as Record<
        string,
        Record<string, number>
      >;
      assert.ok((counts.accepted?.out_of_band ?? 0) >= 1);
      assert.equal(await openGauge(), before - 1, 'the gauge of open drift drops');
      const audit = await api(
        `/api/v1/audit?type=drift.accepted&subject=${encodeURIComponent(`drift:${event.id}`)}`,
      );
      const audited = ((await audit.json()) as { items: Array<{ data: { note?: string } }> }).items;
      assert.deepEqual(
        audited.map((e) => e.data.note),
        ['the space owner asked for it'],
      );

      await setPolicy(space, 'revert');
      const runId = await aggregate();
      assert.equal(heldIn(space), 1, 'accepted access stays in Confluence');
      assert.deepEqual(
        (await list(`run=${runId}&state=all`)).filter((e) => e.value.startsWith(`${space.key}:`)),
        [],
        'a later aggregation finds nothing to report or revert',
      );
      const [still] = (await list('state=all&kind=out_of_band')).filter((e) => e.id === event.id);
      assert.deepEqual([still?.state, still?.requestId], ['accepted', null]);
    });

    test('the OpenAPI document describes accept, revert and the counts', async () => {
      const document = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
      };
      const accept = document.paths['/api/v1/drift/{id}/accept']?.post;
      assert.equal(accept?.operationId, 'acceptDrift');
      assert.match(JSON.stringify(accept?.requestBody), /"note"/);
      assert.equal(document.paths['/api/v1/drift/{id}/revert']?.post?.operationId, 'revertDrift');
      assert.equal(document.paths['/api/v1/drift/counts']?.get?.operationId, 'countDrift');
    });

    test('the CLI accepts a finding, and refuses the second time with the conflict', async () => {
      const event = finding(spaces[1] as Space);
      const accepted = await runCli(running, [
        'drift',
        'accept',
        event.id,
        '--note',
        'a project lead',
        '--json',
      ]);
      assert.equal(accepted.code, 0, accepted.stderr);
      const row = JSON.parse(accepted.stdout) as DriftRow;
      assert.deepEqual([row.id, row.state, row.note], [event.id, 'accepted', 'a project lead']);
      const again = await runCli(running, ['drift', 'accept', event.id, '--note', 'again']);
      assert.notEqual(again.code, 0);
      assert.match(again.stderr, /already accepted/);
      const listed = await runCli(running, ['drift', 'list', '--state', 'accepted', '--json']);
      assert.ok((JSON.parse(listed.stdout) as { items: DriftRow[] }).items.some((e) => e.id === event.id));
    });

    test('the page: bad input re-shows it with the problem named and the note kept; Accept and Revert close findings', async () => {
      const admin = createClient(running.url);
      await admin.signIn('admin', 'demo');
      const page = await admin.page('/admin/drift?kind=out_of_band');
      assert.equal(page.response.status, 200);
      const bad = await admin.page('/admin/drift?kind=sideways&state=nope&cursor=bm90LW91cnM');
      assert.equal(bad.response.status, 200, 'bad filters are named, not an error page');
      assert.match(
        bad.text,
        /Not used: Kind: no kind &quot;sideways&quot;\. State: no state &quot;nope&quot;\. Page: not a page/,
      );
      const event = finding(spaces[2] as Space);
      assert.ok(page.text.includes(`name="id" value="${event.id}"`), 'an Accept form for the open finding');
      const csrf = page.csrf ?? '';
      const fields = { _csrf: csrf, id: event.id, kind: 'out_of_band', state: 'open' };

      const noNote = await admin.form('/admin/drift/accept', { ...fields, note: ' ' });
      assert.equal(noNote.status, 422);
      assert.match(await noNote.text(), /role="alert" id="drift-error">Not accepted: say why/);
      const tooLong = await admin.form('/admin/drift/accept', { ...fields, note: 'x'.repeat(2001) });
      assert.equal(tooLong.status, 422);
      assert.ok((await tooLong.text()).includes(`value="${'x'.repeat(2001)}"`), 'the typed note is kept');
      const badCsrf = await admin.form('/admin/drift/accept', { ...fields, _csrf: 'forged', note: 'ok' });
      assert.equal(badCsrf.status, 403);

      const done = await admin.form('/admin/drift/accept', { ...fields, note: 'a shared service account' });
      assert.equal(done.status, 303);
      assert.match(
        done.headers.get('location') ?? '',
        /^\/admin\/drift\?kind=out_of_band&state=open&notice=/,
      );
      const twice = await admin.form('/admin/drift/accept', { ...fields, note: 'again' });
      assert.equal(twice.status, 409);
      assert.match(await twice.text(), /Not accepted: drift finding .* is already accepted/);

      const reverting = finding(spaces[3] as Space);
      const reverted = await admin.form('/admin/drift/revert', { ...fields, id: reverting.id, note: '' });
      assert.equal(reverted.status, 303);
      const [row] = (await list('state=reverted')).filter((e) => e.id === reverting.id);
      assert.ok(row?.requestId, 'the revert names its revocation');
      const request = await waitFor(
        async () =>
          (await (await api(`/api/v1/requests/${row.requestId}`)).json()) as {
            status: string;
            justification: string;
          },
        (r) => r.status === 'fulfilled',
        60_000,
      );
      assert.deepEqual([request.status, request.justification], ['fulfilled', 'drift']);
      assert.equal(heldIn(spaces[3] as Space), 0, 'removed from the emulator');
      const audit = await api(
        `/api/v1/audit?type=drift.reverted&subject=${encodeURIComponent(`request:${row.requestId}`)}`,
      );
      const [event2] = (
        (await audit.json()) as { items: Array<{ actor: string; data: { reason?: string } }> }
      ).items;
      assert.deepEqual([event2?.actor, event2?.data.reason], ['admin', 'drift']);
    });
  });
}
