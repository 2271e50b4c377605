import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashPassword, newApiToken } from '../../src/server/auth/secrets.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { createServerMetrics } from '../../src/server/observability/metrics.ts';
import { buildWebServer } from '../../src/server/web-server.ts';
import { type OpenedStore, openStore } from '../../src/store/index.ts';
import { createClient } from './http-client.ts';

const PASSWORD = 'correct horse battery staple';
const token = newApiToken();
const scrape = newApiToken();
let opened: OpenedStore;
let app: FastifyInstance;
let baseUrl: string;
let logText = '';

before(async () => {
  opened = await openStore({ url: `file:${join(mkdtempSync(join(tmpdir(), 'sg-basics-')), 'sg.db')}` });
  const config = parseConfig({
    atlassian: { connectorFile: 'unused.json' },
    server: { sessionSecret: 'x'.repeat(40), metricsTokenSha256: scrape.sha256 },
    auth: {
      users: [
        { username: 'rita', passwordHash: await hashPassword(PASSWORD), roles: ['requester'] },
        { username: 'tess', passwordHash: await hashPassword(PASSWORD), roles: ['requester'] },
      ],
      apiTokens: [{ name: 'ci', sha256: token.sha256, roles: ['administrator'] }],
    },
    log: { level: 'info' },
  });
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => {
    logText += chunk.toString();
  });
  app = await buildWebServer({
    config,
    logger: createLogger({ level: 'info', destination }),
    metrics: createServerMetrics(),
    signIns: opened.signIns,
    readiness: [{ name: 'store', check: async () => {} }],
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await app.close();
  await opened.close();
});

describe('API basics', () => {
  test('health answers without authentication', async () => {
    const response = await fetch(`${baseUrl}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', version: '0.1.0', demo: false });
    assert.equal((await fetch(`${baseUrl}/ready`)).status, 200);
  });

  test('errors have one shape: code and message', async () => {
    const anonymous = await fetch(`${baseUrl}/api/v1/me`);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), {
      code: 'auth.required',
      message: 'sign in or send an API token',
    });
    const forged = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: 'Bearer sgt_nope' } });
    assert.equal(forged.status, 401);
    assert.equal(((await forged.json()) as { code: string }).code, 'auth.invalid_credentials');
    const missing = await fetch(`${baseUrl}/api/v1/nothing-here`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'api.not_found');
  });

  test('an API token authenticates a program with its roles', async () => {
    const response = await fetch(`${baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      kind: 'token',
      name: 'ci',
      displayName: 'ci',
      roles: ['administrator'],
      identity: null,
    });
  });

  test('the OpenAPI document describes the routes and the reference page is served', async () => {
    const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    assert.equal(document.openapi, '3.1.0');
    assert.equal(document.paths['/api/v1/me']?.get?.operationId, 'me');
    const docs = await fetch(`${baseUrl}/api/docs/`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });

  test('sign-in needs the form CSRF token and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const client = createClient(baseUrl);
    const { csrf } = await client.page('/sign-in');
    assert.ok(csrf);
    const noToken = await client.form('/sign-in', { username: 'rita', password: PASSWORD });
    assert.equal(noToken.status, 403);
    const wrong = await client.form('/sign-in', { username: 'rita', password: 'nope', _csrf: csrf });
    assert.equal(wrong.status, 401);
    const right = await client.form('/sign-in', { username: 'rita', password: PASSWORD, _csrf: csrf });
    assert.equal(right.status, 303);
    const cookie = right.headers.getSetCookie().find((c) => c.startsWith('sg_session='));
    assert.match(cookie ?? '', /HttpOnly/);
    assert.match(cookie ?? '', /SameSite=Lax/);
    assert.doesNotMatch(cookie ?? '', /Secure/);
    const me = await client.request('/api/v1/me');
    assert.equal(((await me.json()) as { name: string }).name, 'rita');
  });

  test('behind https (X-Forwarded-Proto with trustProxy) the session cookie is Secure', async () => {
    const secure = await buildWebServer({
      config: parseConfig({
        atlassian: { connectorFile: 'unused.json' },
        server: { sessionSecret: 'y'.repeat(40), trustProxy: true },
        auth: {
          users: [{ username: 'rita', passwordHash: await hashPassword(PASSWORD), roles: ['requester'] }],
        },
      }),
      logger: createLogger({ level: 'silent' }),
      metrics: createServerMetrics(),
      signIns: opened.signIns,
      readiness: [],
    });
    try {
      const url = await secure.listen({ host: '127.0.0.1', port: 0 });
      const client = createClient(url);
      const { csrf } = await client.page('/sign-in');
      const response = await client.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        body: new URLSearchParams({ username: 'rita', password: PASSWORD, _csrf: csrf ?? '' }).toString(),
      });
      assert.equal(response.status, 303);
      assert.match(
        response.headers.getSetCookie().find((c) => c.startsWith('sg_session=')) ?? '',
        /; Secure/,
      );
    } finally {
      await secure.close();
    }
  });

  test('after five wrong passwords a username must wait before its next attempt, even with the right one', async () => {
    const client = createClient(baseUrl);
    const { csrf } = await client.page('/sign-in');
    for (let i = 0; i < 5; i++) {
      const wrong = await client.form('/sign-in', {
        username: 'tess',
        password: `guess-${i}`,
        _csrf: csrf ?? '',
      });
      assert.equal(wrong.status, 401);
    }
    const right = await client.form('/sign-in', { username: 'tess', password: PASSWORD, _csrf: csrf ?? '' });
    assert.equal(right.status, 429);
    assert.equal(right.headers.get('retry-after'), '1');
    assert.equal(client.jar.has('sg_session'), false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await client.form('/sign-in', { username: 'tess', password: PASSWORD, _csrf: csrf ?? '' });
    assert.equal(later.status, 303, 'the wait ends: a back-off, not a lock');
  });

  test('a cookie-authenticated state change without the CSRF token is refused', async () => {
    const client = createClient(baseUrl);
    await client.signIn('rita', PASSWORD);
    const response = await client.request('/sign-out', {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'csrf.invalid');
  });

  test('a notice in a link is shown only when the server signed it', async () => {
    const client = createClient(baseUrl);
    const forged = await client.page('/sign-in?notice=Your%20account%20is%20locked%2C%20call%20555');
    assert.doesNotMatch(forged.text, /call 555/);
  });

  test('API paths answer JSON errors even to a browser', async () => {
    const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  });

  test('metrics need the scrape token (or an administrator) and are in the Prometheus text format', async () => {
    assert.equal((await fetch(`${baseUrl}/metrics`)).status, 401);
    const wrong = await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer sgt_wrong' } });
    assert.equal(wrong.status, 401);
    const requester = createClient(baseUrl);
    await requester.signIn('rita', PASSWORD);
    assert.equal((await requester.request('/metrics')).status, 403);
    const admin = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(admin.status, 200);
    const response = await fetch(`${baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${scrape.token}` },
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /# TYPE spacegate_http_requests_total counter/);
    assert.match(text, /spacegate_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
  });

  test('with a metrics port of its own, the main port serves no /metrics', async () => {
    const separate = await buildWebServer({
      config: parseConfig({
        atlassian: { connectorFile: 'unused.json' },
        server: { sessionSecret: 'z'.repeat(40), metricsPort: 0 },
      }),
      logger: createLogger({ level: 'silent' }),
      metrics: createServerMetrics(),
      signIns: opened.signIns,
      readiness: [],
    });
    try {
      const url = await separate.listen({ host: '127.0.0.1', port: 0 });
      const response = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${scrape.token}` },
      });
      assert.equal(response.status, 404);
      await response.body?.cancel();
    } finally {
      await separate.close();
    }
  });

  test("logs never contain passwords, tokens, cookies or a failed sign-in's username as typed", async () => {
    const client = createClient(baseUrl);
    const { csrf } = await client.page('/sign-in');
    const pasted = 'pasted-Password-1234';
    const refused = await client.form('/sign-in', { username: pasted, password: 'x', _csrf: csrf ?? '' });
    assert.equal(refused.status, 401);
    await client.signIn('rita', PASSWORD);
    await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token.token}` } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(logText.includes('signed in'), 'the log has the sign-in line');
    assert.ok(!logText.includes(PASSWORD));
    assert.ok(!logText.includes(token.token));
    assert.ok(!logText.includes(client.jar.get('sg_session') ?? 'no-cookie'));
    assert.ok(logText.includes('sign-in refused'), 'the log has the refusal line');
    assert.ok(!logText.toLowerCase().includes(pasted.toLowerCase()), 'the username as typed is not logged');
  });
});
