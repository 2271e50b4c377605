import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { spaceRequesterLacks, startDemoServer } from './demo-server.ts';
import { createClient } from './http-client.ts';

let running: RunningSpacegate;
before(async () => {
  running = await startDemoServer();
});
after(() => running.close());

/** Request ids in the order the page lists them. */
const idsOn = (page: string): string[] =>
  [...page.matchAll(/<td><a href="\/requests\/(req_[^"]+)">/g)].map((m) => m[1] ?? '');

test('My requests sorts by the Submitted column both ways, in the store, and pages keep the order', async () => {
  const requester = createClient(running.url);
  await requester.signIn('requester', 'demo');
  const spaces: string[] = [];
  for (let i = 0; i < 3; i++) {
    const space = await spaceRequesterLacks(running, spaces);
    spaces.push(space.key);
    const response = await requester.form('/requests', {
      _csrf: await requester.csrf(),
      itemId: space.id,
      permissions: 'view',
      justification: `read the docs ${i}`,
    });
    assert.ok(response.status < 400, `request ${i}: ${response.status}`);
  }
  const newest = await requester.page('/requests');
  const oldest = await requester.page('/requests?sort=created&dir=asc');
  assert.equal(oldest.response.status, 200);
  const down = idsOn(newest.text);
  const up = idsOn(oldest.text);
  assert.equal(down.length, 3);
  assert.deepEqual(up, [...down].reverse());
  assert.match(oldest.text, /aria-sort="ascending"><a href="[^"]*dir=desc/);
  assert.match(newest.text, /aria-sort="descending"><a href="[^"]*dir=asc/);
  const bad = await requester.page('/requests?dir=sideways');
  assert.equal(bad.response.status, 400);
  assert.deepEqual(idsOn(bad.text), down, 'a bad direction is named and the list shown newest first');
});
