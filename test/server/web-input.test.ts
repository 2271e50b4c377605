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
    assert.match(page, /role="alert">justification: Too big: expected string to have &lt;=2000 characters/);
    assert.ok(page.includes(`>${justification}</textarea>`), 'the justification typed is kept');
    assert.match(page, /name="permissions" value="view" checked/);
    assert.deepEqual(await storeSnapshot(running.runtime.store), before);
  });

  test('a 201-character search and a forged page cursor are refused naming the field', async () => {
    const requester = createClient(running.url);
    await requester.signIn('requester', 'demo');
    const search = await requester.page(`/catalog?q=${'x'.repeat(201)}`);
    assert.equal(search.response.status, 400);
    assert.match(search.text, /invalid input: q: Too big: expected string to have &lt;=200 characters/);
    const forged = await requester.page('/catalog?cursor=not-a-cursor');
    assert.equal(forged.response.status, 400);
    assert.match(forged.text, /cursor/);
  });
});
