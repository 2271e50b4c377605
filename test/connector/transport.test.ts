import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import type { Endpoint } from '../../src/atlassian/http/api.ts';
import { pagesV1Concurrent, pagesV2 } from '../../src/atlassian/http/paging.ts';
import { createTransport, type TransportSettings } from '../../src/atlassian/http/transport.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A list endpoint and a write endpoint of the `wiki` API, as any flavour would declare them. */
const GROUPS: Endpoint = { api: 'wiki', method: 'GET', path: '/rest/api/group' };
const SPACE_PERMISSION_ADD: Endpoint = {
  api: 'wiki',
  method: 'POST',
  path: '/rest/api/space/{spaceKey}/permission',
};

/** Two APIs on one server: `wiki` with Basic auth, `directory` with a Bearer token. */
function configFor(url: string, timeoutMs = 5000): TransportSettings {
  return {
    apis: [
      { name: 'wiki', baseUrl: url, auth: { type: 'basic', username: 'admin', password: 'wiki-SECRET' } },
      { name: 'directory', baseUrl: url, auth: { type: 'bearer', token: 'directory-SECRET' } },
    ],
    concurrency: 8,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5000, timeoutMs },
    pathDefaults: { directoryId: 'dir-1' },
  };
}

describe('transport over real HTTP', () => {
  test('each API carries its own credential; shared path values fill placeholders', async () => {
    const seen: Array<[string | undefined, string | undefined]> = [];
    const url = await serve((request, response) => {
      seen.push([request.url, request.headers.authorization]);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const transport = createTransport(configFor(url));
    await transport.call(GROUPS);
    await transport.call({ api: 'directory', method: 'GET', path: '/scim/{directoryId}/Users' });
    assert.deepEqual(seen, [
      ['/rest/api/group', `Basic ${Buffer.from('admin:wiki-SECRET').toString('base64')}`],
      ['/scim/dir-1/Users', 'Bearer directory-SECRET'],
    ]);
    assert.deepEqual(transport.stats.byApi, { wiki: 1, directory: 1 });
  });

  test('honours Retry-After on 429 and counts every attempt', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      if (calls <= 2) response.writeHead(429, { 'retry-after': '2' }).end('{"message":"slow down"}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[]}');
    });
    const waits: number[] = [];
    const transport = createTransport(configFor(url), { sleep: async (ms) => void waits.push(ms) });
    const { body } = await transport.call<{ results: unknown[] }>(GROUPS);
    assert.deepEqual(body.results, []);
    assert.equal(transport.stats.apiCalls, 3);
    assert.equal(transport.stats.retries, 2);
    assert.ok(waits.filter((ms) => ms >= 2000).length >= 2, `waited ${waits}`);
    assert.equal(transport.limiter.limit < 8, true, 'the limiter shrank');
  });

  for (const [budget, waitsExpected] of [
    ['a burst limit (no X-RateLimit-Remaining)', 1],
    ['a spent budget (X-RateLimit-Remaining: 0)', 2],
  ] as const) {
    test(`a 429 for ${budget}: the call waits Retry-After; everyone else waits only when the budget is spent`, async () => {
      let calls = 0;
      const url = await serve((_request, response) => {
        calls++;
        const headers = {
          'retry-after': '2',
          ...(waitsExpected === 2 ? { 'x-ratelimit-remaining': '0' } : {}),
        };
        if (calls === 1) response.writeHead(429, headers).end('{"message":"slow down"}');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      const waits: number[] = [];
      const transport = createTransport(configFor(url), { sleep: async (ms) => void waits.push(ms) });
      await transport.call(GROUPS);
      await transport.call({ api: 'wiki', method: 'GET', path: '/rest/api/space' });
      // With this sleep no time passes, so under a spent budget the retry meets the pause once more too.
      if (waitsExpected === 1) assert.equal(waits.length, 1, `only the throttled call waited: ${waits}`);
      else assert.ok(waits.length >= 2, `the next call waited too: ${waits}`);
      assert.ok(
        waits.every((ms) => ms > 1000),
        `each wait honours Retry-After: ${waits}`,
      );
      assert.equal(transport.limiter.limit, 4, 'fewer calls at once either way');
    });
  }

  test('429s do not use up the attempts (up to as many again); other failures do', async () => {
    let calls = 0;
    const url = await serve((request, response) => {
      calls++;
      const throttling = request.url === '/rest/api/group' && calls <= 5;
      if (throttling) response.writeHead(429, { 'retry-after': '0' }).end('{}');
      else if (request.url === '/rest/api/space') response.writeHead(500).end('{}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const transport = createTransport(configFor(url), { sleep: async () => {} });
    await transport.call(GROUPS);
    assert.equal(calls, 6, 'five 429s, then the answer: three attempts plus three free 429s');
    calls = 0;
    await assert.rejects(transport.call({ api: 'wiki', method: 'GET', path: '/rest/api/space' }));
    assert.equal(calls, 4, 'a 500 is retried three times, then given up');
  });

  test('a write is not repeated after a 500 (unknown outcome), but is after a 429', async () => {
    let posts = 0;
    const url = await serve((_request, response) => {
      posts++;
      response.writeHead(posts === 1 ? 429 : 500, { 'retry-after': '0' }).end('{}');
    });
    const transport = createTransport(configFor(url), { sleep: async () => {} });
    await assert.rejects(transport.call(SPACE_PERMISSION_ADD, { params: { spaceKey: 'ENG' }, body: {} }), {
      code: 'unavailable',
    });
    assert.equal(posts, 2);
  });

  test('timeouts and refused connections map to retryable codes; errors carry no secret', async () => {
    const url = await serve(() => {});
    const transport = createTransport(configFor(url, 200), { sleep: async () => {} });
    await assert.rejects(transport.call(GROUPS), (error: Error & { code?: string; retryable?: boolean }) => {
      assert.equal(error.code, 'timeout');
      assert.equal(error.retryable, true);
      assert.doesNotMatch(JSON.stringify({ message: error.message, error }), /SECRET/);
      return true;
    });
    const refused = createTransport(configFor('http://127.0.0.1:1'), { sleep: async () => {} });
    await assert.rejects(refused.call(GROUPS), { code: 'unavailable' });
  });

  test('v2 paging follows the Link header but never to another origin', async () => {
    const url = await serve((request, response) => {
      const next = request.url?.includes('cursor=b')
        ? undefined
        : request.url?.includes('cursor=a')
          ? '</wiki/api/v2/spaces?cursor=b>; rel="next"'
          : '</wiki/api/v2/spaces?cursor=a>; rel="next"';
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(next === undefined ? {} : { link: next }),
      });
      response.end(JSON.stringify({ results: [request.url] }));
    });
    const transport = createTransport(configFor(url));
    const seen: unknown[] = [];
    for await (const page of pagesV2(transport, GROUPS, { limit: 2 })) seen.push(...page);
    assert.equal(seen.length, 3);

    const evil = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: [], _links: { next: 'http://attacker.example/steal' } }));
    });
    const guarded = createTransport(configFor(evil));
    await assert.rejects(
      (async () => {
        for await (const _page of pagesV2(guarded, GROUPS, { limit: 2 })) {
          // drain
        }
      })(),
      { code: 'invalid_response' },
    );
  });

  test('v1 pages after the first come in parallel once totalSize is known, sequentially without it', async () => {
    for (const withTotal of [true, false]) {
      const starts: number[] = [];
      const url = await serve((request, response) => {
        const query = new URL(request.url ?? '', 'http://x').searchParams;
        const start = Number(query.get('start'));
        const limit = Number(query.get('limit'));
        starts.push(start);
        const rows = Array.from({ length: Math.max(0, Math.min(limit, 450 - start)) }, (_, i) => start + i);
        const more = start + rows.length < 450;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            results: rows,
            ...(withTotal && query.get('shouldReturnTotalSize') === 'true' ? { totalSize: 450 } : {}),
            _links: more ? { next: `/rest/api/x?start=${start + rows.length}` } : {},
          }),
        );
      });
      const transport = createTransport(configFor(url));
      const seen: number[] = [];
      for await (const page of pagesV1Concurrent<number>(transport, GROUPS, {
        limit: 200,
        width: 4,
        totalQuery: { shouldReturnTotalSize: true },
      })) {
        seen.push(...page);
      }
      assert.deepEqual(
        seen.sort((a, b) => a - b),
        Array.from({ length: 450 }, (_, i) => i),
      );
      assert.deepEqual(
        starts.sort((a, b) => a - b),
        [0, 200, 400],
        `with total: ${withTotal}`,
      );
    }
  });
});
