import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

let running: RunningSpacegate;
let spaceId: string;
let colleague: { email: string; name: string };

const emailOf = (username: string) =>
  running.demoAccounts.find((a) => a.username === username)?.identity ?? '';
const itemPage = (params: Record<string, string>) =>
  `/catalog/item?${new URLSearchParams({ id: spaceId, ...params }).toString()}`;

before(async () => {
  running = await startDemoServer();
  spaceId = (await spaceRequesterLacks(running)).id;
  const identity = await running.runtime.store.transaction((tx) =>
    tx.identities.getByEmail(emailOf('requester')),
  );
  assert.ok(identity);
  colleague = { email: identity.email, name: `${identity.firstName} ${identity.lastName}` };
});

after(() => running.close());

describe('requesting for someone else in the web UI (administrators)', () => {
  test('an administrator finds a colleague, sees what they hold, requests for them; the colleague sees it', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const start = await admin.page(itemPage({}));
    assert.equal(start.response.status, 200);
    assert.match(start.text, /<legend>For<\/legend>/);
    assert.match(start.text, /id="for-self" name="for" value="self" checked/);
    assert.match(start.text, /<label for="for-other">Someone else<\/label>/);

    const found = await admin.page(itemPage({ for: 'other', who: colleague.name.split(' ')[0] ?? '' }));
    assert.equal(found.response.status, 200);
    assert.ok(found.text.includes(`aria-label="Choose ${colleague.name} (${colleague.email})"`), found.text);
    assert.ok(!found.text.includes('action="/requests"'), 'no request form before a person is chosen');

    const chosen = await admin.page(
      itemPage({ for: 'other', who: colleague.email, person: colleague.email }),
    );
    assert.match(chosen.text, new RegExp(`id="for-whom">For: <strong>${colleague.name}</strong>`));
    assert.match(chosen.text, new RegExp(`id="held">${colleague.name} holds nothing here yet`));
    assert.match(chosen.text, new RegExp(`name="beneficiaryEmail" value="${colleague.email}"`));

    const fields = {
      _csrf: chosen.csrf ?? '',
      itemId: spaceId,
      permissions: 'view',
      justification: 'Joins the project team next week.',
      beneficiaryEmail: colleague.email,
      who: colleague.email,
    };
    const submitted = await admin.form('/requests', fields);
    assert.equal(submitted.status, 303, await submitted.text());
    const requestPath = (submitted.headers.get('location') ?? '').split('?')[0] ?? '';
    assert.match(requestPath, /^\/requests\/req_/);
    const detail = await admin.page(requestPath);
    // The name is text a person typed (into HR), so it is isolated in <bdi>.
    assert.match(
      detail.text,
      new RegExp(`id="request-for"><bdi>${colleague.name}</bdi> \\(${colleague.email}\\)`),
    );
    assert.match(detail.text, new RegExp(`id="request-by">[^<]+, for ${colleague.name}<`));

    const again = await admin.form('/requests', fields);
    assert.equal(again.status, 422);
    const refused = await again.text();
    assert.match(refused, /role="alert">request req_\S+ for this is still open/);
    assert.match(refused, new RegExp(`name="beneficiaryEmail" value="${colleague.email}"`));
    assert.match(refused, /Joins the project team next week\.<\/textarea>/);

    const beneficiary = createClient(running.url);
    await beneficiary.signIn('requester', 'demo');
    const mine = await beneficiary.page('/requests');
    assert.ok(mine.text.includes(`href="${requestPath}"`), 'listed under My requests of the colleague');
    assert.match(mine.text, /requested by [^<]+<\/span>/);
    assert.equal((await beneficiary.page(requestPath)).response.status, 200);
  });

  test('unknown people and leavers are refused with the reason on the form, never a 500', async () => {
    const csv =
      'employeeId,email,firstName,lastName,status\nX09001,lena.leaver@example.com,Lena,Leaver,leaver\n';
    const imported = await fetch(`${running.url}/api/v1/identities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'leaver.csv', content: csv }),
    });
    assert.equal(imported.status, 200, await imported.clone().text());
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const search = await admin.page(itemPage({ for: 'other', who: 'Lena Leaver' }));
    assert.match(search.text, /Nobody active matches/);
    const csrf = await admin.csrf();
    const submit = (email: string) =>
      admin.form('/requests', {
        _csrf: csrf,
        itemId: spaceId,
        permissions: 'view',
        justification: 'x',
        beneficiaryEmail: email,
      });
    const leaver = await submit('lena.leaver@example.com');
    assert.equal(leaver.status, 422);
    assert.match(await leaver.text(), /role="alert">X09001 has left/);
    const unknown = await submit('nobody@nowhere.example');
    assert.equal(unknown.status, 422);
    assert.match(await unknown.text(), /role="alert">no identity nobody@nowhere\.example/);
  });

  test('a requester may not request for their own manager: 403 with the reason on the form post, 403 on the API', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const page = await requester.page(itemPage({ for: 'other', who: '' }));
    assert.equal(page.response.status, 200);
    assert.ok(!page.text.includes(`(${emailOf('approver')})"`), 'their manager is never offered');
    const fields = { itemId: spaceId, permissions: 'add_page', justification: 'for my manager' };
    const form = await requester.form('/requests', {
      _csrf: page.csrf ?? '',
      ...fields,
      beneficiaryEmail: emailOf('approver'),
    });
    assert.equal(form.status, 403);
    assert.match(await form.text(), /role="alert">you may request access only for yourself or, as a manager/);
    const api = await requester.json(
      'POST',
      '/api/v1/requests',
      { ...fields, permissions: ['add_page'], beneficiaryEmail: emailOf('approver') },
      await requester.csrf(),
    );
    assert.equal(api.status, 403);
    assert.equal(((await api.json()) as { code: string }).code, 'auth.forbidden');
  });

  test('the person search is paged and keeps the choice in its links', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const first = await admin.page(itemPage({ for: 'other', who: '@' }));
    assert.match(first.text, /Showing 10 from the first/);
    const next = /<a href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const { cursor, ...kept } = Object.fromEntries(new URL(next, running.url).searchParams);
    assert.deepEqual(kept, { id: spaceId, for: 'other', who: '@' });
    assert.ok(cursor, 'the next-page link carries a cursor');
    const second = await admin.page(next);
    assert.match(second.text, /Showing 10<\/span>/);
    assert.match(second.text, />First page</);
    const chosen = (text: string) => [...text.matchAll(/aria-label="Choose ([^"]+)"/g)].map((m) => m[1]);
    const overlap = chosen(first.text).filter((p) => chosen(second.text).includes(p));
    assert.deepEqual(overlap, [], 'no person on both pages');
  });
});

describe('a manager requests for their direct reports, and only for them', () => {
  let reportSpace: { id: string; key: string };
  let stranger: { email: string; name: string };
  const reportItem = (params: Record<string, string>) =>
    `/catalog/item?${new URLSearchParams({ id: reportSpace.id, ...params }).toString()}`;

  before(async () => {
    const first = await spaceRequesterLacks(running);
    reportSpace = await spaceRequesterLacks(running, [first.key]);
    const identities = await running.runtime.store.transaction((tx) => tx.identities.list());
    const manager = identities.find((i) => i.email === emailOf('approver'));
    assert.ok(manager);
    assert.ok(identities.some((i) => i.email === colleague.email && i.managerId === manager.id));
    const other = identities.find(
      (i) => i.status === 'active' && i.id !== manager.id && i.managerId !== manager.id,
    );
    assert.ok(other);
    stranger = { email: other.email, name: `${other.firstName} ${other.lastName}` };
  });

  test('the approver lists only their direct reports, chooses the requester, and the request reaches the core', async () => {
    const approver = createClient(running.url);
    await approver.signIn('approver', 'demo');
    const start = await approver.page(reportItem({}));
    assert.equal(start.response.status, 200);
    assert.match(start.text, /<label for="for-other">Someone else<\/label>/);
    assert.match(start.text, /One of your direct reports/);

    const all = await approver.page(reportItem({ for: 'other', who: '' }));
    assert.match(all.text, /<caption>Your active direct reports<\/caption>/);
    assert.ok(all.text.includes(`aria-label="Choose ${colleague.name} (${colleague.email})"`), all.text);
    assert.ok(!all.text.includes(`(${stranger.email})"`), 'a non-report is never offered');
    const search = await approver.page(reportItem({ for: 'other', who: stranger.email }));
    assert.match(search.text, /Nobody active among your direct reports matches/);

    const chosen = await approver.page(
      reportItem({ for: 'other', who: colleague.email, person: colleague.email }),
    );
    assert.match(chosen.text, new RegExp(`id="for-whom">For: <strong>${colleague.name}</strong>`));
    assert.match(chosen.text, new RegExp(`name="beneficiaryEmail" value="${colleague.email}"`));

    const submitted = await approver.form('/requests', {
      _csrf: chosen.csrf ?? '',
      itemId: reportSpace.id,
      permissions: 'view',
      justification: 'Joins my team.',
      beneficiaryEmail: colleague.email,
      who: colleague.email,
    });
    // Nobody approves their own request: the manager stage falls back to the demo administrator.
    assert.equal(submitted.status, 303, await submitted.text());
    const requestPath = (submitted.headers.get('location') ?? '').split('?')[0] ?? '';
    const requestId = requestPath.split('/').at(-1) ?? '';
    assert.match(requestId, /^req_/);
    const approvals = await running.runtime.store.transaction((tx) => tx.approvals.listByRequest(requestId));
    const identities = await running.runtime.store.transaction((tx) => tx.identities.list());
    const admin = identities.find((i) => i.email === emailOf('admin'));
    assert.ok(admin);
    assert.deepEqual(
      approvals.map((a) => a.approverId),
      [admin.id],
      'the fallback approver decides, never the requesting manager',
    );

    const api = await approver.json(
      'POST',
      '/api/v1/requests',
      {
        itemId: reportSpace.id,
        permissions: ['view'],
        justification: 'x',
        beneficiaryEmail: colleague.email,
      },
      await approver.csrf(),
    );
    assert.equal(api.status, 409, 'the same request is already open');
    assert.equal(((await api.json()) as { code: string }).code, 'request.duplicate_open');
  });

  test('a non-report and an unknown email get the same answers: picker, search, form post and API', async () => {
    const approver = createClient(running.url);
    await approver.signIn('approver', 'demo');
    const unknownEmail = 'no-such-person@nowhere.example';
    const fields = { itemId: reportSpace.id, permissions: 'view', justification: 'not mine to ask' };
    const answers = async (email: string) => {
      const masked = (text: string) => text.replaceAll(email, '<email>');
      const alert = (text: string) => masked(/role="alert">([^<]*)</.exec(text)?.[1] ?? '');
      const chosen = await approver.page(reportItem({ for: 'other', who: email, person: email }));
      assert.ok(!chosen.text.includes('action="/requests"'), 'no request form for a non-report');
      const search = await approver.page(reportItem({ for: 'other', who: email }));
      const form = await approver.form('/requests', {
        _csrf: chosen.csrf ?? '',
        ...fields,
        beneficiaryEmail: email,
        who: email,
      });
      const api = await approver.json(
        'POST',
        '/api/v1/requests',
        { ...fields, permissions: ['view'], beneficiaryEmail: email },
        await approver.csrf(),
      );
      return {
        picker: [chosen.response.status, alert(chosen.text)],
        search: [
          search.response.status,
          masked(/<caption>[\s\S]*?<\/table>\s*<p>[^<]*/.exec(search.text)?.[0] ?? ''),
        ],
        form: [form.status, alert(await form.text())],
        api: [api.status, masked(await api.text())],
      };
    };
    const strangerAnswers = await answers(stranger.email);
    const unknown = await answers(unknownEmail);
    assert.deepEqual(strangerAnswers, unknown);
    assert.deepEqual(strangerAnswers.picker, [
      200,
      'Nobody among your active direct reports has the email <email>; search again.',
    ]);
    assert.match(String(strangerAnswers.search[1]), /Nobody active among your direct reports matches/);
    assert.equal(strangerAnswers.form[0], 403);
    assert.equal(strangerAnswers.api[0], 403);
    assert.match(String(strangerAnswers.api[1]), /"code":"auth.forbidden"/);
    assert.ok(!JSON.stringify(strangerAnswers).includes(stranger.name), 'the name never shows');
  });
});

describe('someone who manages nobody may only request for themselves', () => {
  test('once their reports move to another manager: no choice on the form, 403 on the form post and the API', async () => {
    const identities = await running.runtime.store.transaction((tx) => tx.identities.list());
    const me = identities.find((i) => i.email === colleague.email);
    const newManager = identities.find((i) => i.email === emailOf('approver'));
    assert.ok(me && newManager);
    const reports = identities.filter((i) => i.managerId === me.id);
    assert.ok(reports.length > 0, 'the demo requester manages people until this test moves them');
    const row = (i: (typeof reports)[number]) =>
      [
        i.id,
        i.email,
        i.firstName,
        i.lastName,
        i.department ?? '',
        i.jobTitle ?? '',
        newManager.id,
        i.status,
      ].join(',');
    const csv = `employeeId,email,firstName,lastName,department,jobTitle,managerId,status\n${reports.map(row).join('\n')}\n`;
    const imported = await fetch(`${running.url}/api/v1/identities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'moved-reports.csv', content: csv }),
    });
    assert.equal(imported.status, 200, await imported.clone().text());

    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const page = await requester.page(itemPage({ for: 'other', who: 'a' }));
    assert.equal(page.response.status, 200);
    assert.ok(!page.text.includes('for-other'), 'no "someone else" choice');
    assert.match(page.text, /id="for-whom">For: you, /);
    const former = reports[0]?.email ?? '';
    const fields = { itemId: spaceId, permissions: 'add_page', justification: 'for my former report' };
    const form = await requester.form('/requests', {
      _csrf: page.csrf ?? '',
      ...fields,
      beneficiaryEmail: former,
    });
    assert.equal(form.status, 403);
    const api = await requester.json(
      'POST',
      '/api/v1/requests',
      { ...fields, permissions: ['add_page'], beneficiaryEmail: former },
      await requester.csrf(),
    );
    assert.equal(api.status, 403);
    assert.equal(((await api.json()) as { code: string }).code, 'auth.forbidden');
  });
});
