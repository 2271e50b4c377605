import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { storeSnapshot } from '../helpers/store-snapshot.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

describe('web pages refuse bad input by name, never with a 500', () => {
  let running: RunningSpacegate;
  before(async () => {
    running = await startDemoServer();
  });
  after(() => running.close());

  test('a 10,000-character justification re-shows the form with the problem and what was typed', async () => {
    const space = await spaceRequesterLacks(running);
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const before = await storeSnapshot(running.runtime.store);
    const justification = `Because ${'very '.repeat(2000)}much.`;
    const response = await requester.form('/requests', {
      _csrf: await requester.csrf(),
      itemId: space.id,
      permissions: 'view',
      justification,
    });
    const page = await response.text();
    assert.equal(response.status, 400);
    assert.match(page, /role="alert">Justification: at most 2,000 characters \(this one has 10,013\)\./);
    assert.ok(page.includes(`>${justification}</textarea>`), 'the justification typed is kept');
    assert.match(page, /name="permissions" value="view" checked/);
    assert.deepEqual(await storeSnapshot(running.runtime.store), before);
  });

  test('a 201-character search and a forged page cursor re-show the list with its form, the text typed and the reason', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const typed = 'x'.repeat(201);
    const search = await requester.page(`/catalog?q=${typed}`);
    assert.equal(search.response.status, 400);
    assert.match(search.text, /role="alert"><p>Not used: Search: at most 200 characters\.</);
    assert.ok(
      search.text.includes(`name="q" type="search" maxlength="200" value="${typed}"`),
      'the search typed is kept',
    );
    const forged = await requester.page('/catalog?cursor=not-a-cursor');
    assert.equal(forged.response.status, 400);
    assert.match(forged.text, /Page: the link is not one this list made/);
    assert.match(forged.text, /<caption>Requestable groups and spaces/);
  });

  test('paging parameters the pages do not take (offset, limit) are ignored, never a 500', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    for (const path of [
      '/catalog?offset=-5',
      '/catalog?limit=abc&offset=1e9',
      '/admin/accounts?offset=-5',
      '/admin/audit?offset=-5&limit=-1',
      '/requests?offset=-5',
      '/approvals?offset=-5',
    ]) {
      const { response } = await admin.page(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
    }
    const sorted = await admin.page('/admin/accounts?sort=shoe-size&dir=sideways&status=maybe');
    assert.equal(sorted.response.status, 400);
    assert.match(
      sorted.text,
      /Not used: Status: “maybe” is not one of active, disabled\. Sort: “shoe-size” is not one of name, email, aggregatedAt\. Sort direction: “sideways” is not one of asc, desc\./,
    );
    assert.match(sorted.text, /<table id="accounts">/);
  });

  test('the audit log refuses a bad date by name and forgives the case of a type and a name for a person', async () => {
    const admin = createClient(running.url);
    await admin.signIn('admin', 'demo');
    const bad = await admin.page('/admin/audit?since=garbage&until=2026-02-31');
    assert.equal(bad.response.status, 400);
    assert.match(bad.text, /Since: “garbage” is not a date/);
    assert.match(bad.text, /Until: “2026-02-31” is not a date/);
    assert.ok(bad.text.includes('value="garbage"'), 'the date typed is kept');
    const upper = await admin.page('/admin/audit?type=%20Identity.CREATED');
    assert.equal(upper.response.status, 200);
    assert.match(upper.text, /<td>identity\.created<\/td>/);
    assert.doesNotMatch(upper.text, /<td>hr\.imported<\/td>/);
    const person = await running.runtime.store.transaction((tx) => tx.identities.get('E00004'));
    assert.ok(person);
    const name = `${person.firstName} ${person.lastName}`;
    const byName = await admin.page(`/admin/audit?subject=${encodeURIComponent(name.toUpperCase())}`);
    assert.equal(byName.response.status, 200);
    assert.ok(
      byName.text.includes(`Read as <bdi>subject: ${name} (E00004)</bdi>`),
      'the name is read as the person',
    );
    assert.match(byName.text, /<a href="\/admin\/identities\/E00004" class="muted">E00004<\/a>/);
  });
});
