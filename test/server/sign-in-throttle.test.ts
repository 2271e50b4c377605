import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { startAuthServer } from './auth-server.ts';
import { createClient } from './http-client.ts';

const PASSWORD = 'a long and correct password';
let server: { url: string; close(): Promise<void> };

before(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  server = await startAuthServer({
    storeUrl: `file:${join(mkdtempSync(join(tmpdir(), 'sg-throttle-')), 'spacegate.db')}`,
    users: [
      { username: 'alice', passwordHash, roles: ['requester'] },
      { username: 'bob', passwordHash, roles: ['requester'] },
    ],
    signIn: { perAddressPerMinute: 8, concurrentChecks: 2 },
    trustProxy: true,
  });
});

after(() => server.close());

/** A browser at a client address, with the sign-in form's CSRF token. */
async function browserAt(address: string) {
  const client = createClient(server.url);
  const headers = { 'x-forwarded-for': address };
  const form = await client.request('/sign-in', { headers: { ...headers, accept: 'text/html' } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const attempt = (username: string, password: string) =>
    client.request('/sign-in', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
    });
  return { client, attempt };
}

describe('sign-in throttling over HTTP', () => {
  test('one address is limited per minute; another address is not', async () => {
    const noisy = await browserAt('198.51.100.7');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await noisy.attempt(`nobody-${i}`, 'x')).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const limited = await noisy.attempt('alice', PASSWORD);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const quiet = await browserAt('198.51.100.8');
    assert.equal((await quiet.attempt('alice', PASSWORD)).status, 303);
  });

  test('password checks are bounded: a burst of unknown names from many addresses is refused beyond the bound', async () => {
    const browsers = await Promise.all(Array.from({ length: 80 }, (_, i) => browserAt(`203.0.113.${i + 1}`)));
    const responses = await Promise.all(browsers.map((b, i) => b.attempt(`unknown-${i}`, 'guess')));
    const counts = new Map<number, number>();
    for (const r of responses) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), [401, 503], JSON.stringify([...counts]));
    assert.ok((counts.get(401) ?? 0) <= 80 - 1);
    const busy = responses.find((r) => r.status === 503);
    assert.equal(busy?.headers.get('retry-after'), '1');
  });

  test("someone else's failures slow other browsers but never the person's own browser", async () => {
    const own = await browserAt('192.0.2.10');
    assert.equal((await own.attempt('bob', PASSWORD)).status, 303);
    assert.ok(own.client.jar.has('sg_device'), 'a signed-in browser gets a device cookie');
    own.client.jar.delete('sg_session');
    const attacker = await browserAt('192.0.2.66');
    for (let i = 0; i < 5; i++) assert.equal((await attacker.attempt('bob', `guess-${i}`)).status, 401);
    const slowed = await attacker.attempt('bob', PASSWORD);
    assert.equal(slowed.status, 429, 'the right password is not even checked during the wait');
    const fresh = await browserAt('192.0.2.11');
    assert.equal(
      (await fresh.attempt('bob', PASSWORD)).status,
      429,
      'a browser without the cookie waits too',
    );
    const again = await browserAt('192.0.2.10');
    for (const [name, value] of own.client.jar) again.client.jar.set(name, value);
    assert.equal((await again.attempt('bob', PASSWORD)).status, 303, "bob's own browser signs in at once");
  });
});
