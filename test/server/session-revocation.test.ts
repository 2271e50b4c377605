import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { LocalUser } from '../../src/server/auth/directory.ts';
import { hashPassword, hmac } from '../../src/server/auth/secrets.ts';
import { type AuthServerOptions, SHARED_SECRET, startAuthServer } from './auth-server.ts';
import { createClient } from './http-client.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'a long and correct password';
let users: LocalUser[];

before(async () => {
  users = [{ username: 'alice', passwordHash: await hashPassword(PASSWORD), roles: ['requester'] }];
});

/** Signs in on a server and returns the session cookie's value. */
async function signIn(url: string): Promise<string> {
  const client = createClient(url);
  await client.signIn('alice', PASSWORD);
  return client.jar.get('sg_session') ?? '';
}

/** Who the cookie is on a server: its status for GET /api/v1/me. */
async function meStatus(url: string, cookie: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/me`, { headers: { cookie: `sg_session=${cookie}` } });
  await response.body?.cancel();
  return response.status;
}

/** Signs the session out as its browser would (CSRF token of the session), on a server. */
async function signOut(url: string, cookie: string): Promise<void> {
  const claims = JSON.parse(Buffer.from(cookie.split('.')[0] ?? '', 'base64url').toString()) as {
    sid: string;
  };
  const response = await fetch(`${url}/sign-out`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: `sg_session=${cookie}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    body: new URLSearchParams({ _csrf: hmac(SHARED_SECRET, `csrf:${claims.sid}`) }).toString(),
  });
  assert.equal(response.status, 303);
}

/** The auth server in a process of its own, on the given store. */
async function spawnServer(options: AuthServerOptions): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/server/auth-server-process.ts', JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

describe('sign-out on SQLite survives a restart', () => {
  test('the copied cookie of a signed-out session is refused by the restarted server; another session is not', async () => {
    const storeUrl = `file:${join(mkdtempSync(join(tmpdir(), 'sg-sessions-')), 'spacegate.db')}`;
    const first = await startAuthServer({ storeUrl, users });
    const signedOut = await signIn(first.url);
    const kept = await signIn(first.url);
    await signOut(first.url, signedOut);
    assert.equal(await meStatus(first.url, signedOut), 401);
    await first.close();
    const restarted = await startAuthServer({ storeUrl, users });
    try {
      assert.equal(await meStatus(restarted.url, signedOut), 401);
      assert.equal(await meStatus(restarted.url, kept), 200, 'a session not signed out outlives the restart');
    } finally {
      await restarted.close();
    }
  });
});

describe('sign-out on PostgreSQL is seen by every server process', () => {
  const schema = `sg_sessions_${process.pid}_${Date.now() % 100000}`;
  const options = () => ({
    storeUrl: PG_URL,
    schema,
    users,
    signIn: { perAddressPerMinute: 6 },
    trustProxy: true,
  });
  let local: { url: string; close(): Promise<void> };
  let other: { url: string; child: ChildProcess };
  before(async () => {
    local = await startAuthServer(options());
    other = await spawnServer(options());
  });
  after(async () => {
    other?.child.kill('SIGTERM');
    if (other !== undefined) await once(other.child, 'exit');
    await local?.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    await client.end();
  });

  test('signed out in one process, refused by the other at once, and by both after a restart', async () => {
    const here = await signIn(local.url);
    const there = await signIn(other.url);
    assert.equal(await meStatus(other.url, here), 200, 'one secret: each process reads the other’s sessions');
    await signOut(local.url, here);
    assert.equal(await meStatus(other.url, here), 401);
    await signOut(other.url, there);
    assert.equal(await meStatus(local.url, there), 401);
    await local.close();
    local = await startAuthServer(options());
    assert.equal(await meStatus(local.url, here), 401);
    assert.equal(await meStatus(local.url, there), 401);
  });
  test('the per-address sign-in limit is one count across both processes', async () => {
    const address = { 'x-forwarded-for': '198.51.100.77' };
    const statuses: number[] = [];
    const urls = [local.url, other.url, local.url, other.url, local.url, other.url, local.url];
    for (const [i, url] of urls.entries()) {
      const client = createClient(url);
      const form = await client.request('/sign-in', { headers: { ...address, accept: 'text/html' } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const response = await client.request('/sign-in', {
        method: 'POST',
        headers: { ...address, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ username: `nobody-${i}`, password: 'wrong', _csrf: csrf }).toString(),
      });
      await response.body?.cancel();
      statuses.push(response.status);
    }
    // Six a minute from one address, counted in the store: in memory each process would allow six.
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429]);
  });
});
