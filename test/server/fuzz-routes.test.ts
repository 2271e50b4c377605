import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { type RunningSpacegate, startSpacegate } from '../../src/server/start.ts';
import { storeSnapshot } from '../helpers/store-snapshot.ts';
import { waitFor } from '../store/fresh-store.ts';
import {
  COUNT_ONLY,
  FUZZ_MS,
  FUZZ_SEED,
  type FuzzTally,
  nasty,
  pairs,
  pathFor,
  realParams,
  report,
  routesOf,
} from './fuzz-kit.ts';
import { createClient } from './http-client.ts';

/** Query and form keys the pages read, besides those their own HTML names. */
const PAGE_KEYS = [
  'q',
  'offset',
  'limit',
  'type',
  'status',
  'scope',
  'for',
  'who',
  'person',
  'id',
  'next',
  'notice',
  'ns',
];
const API_PATHS = /^\/(api\/|health$|ready$|metrics$)/;
type Answer = { status: number; location: string };

describe('fuzz: every route, fixed seed', () => {
  let running: RunningSpacegate;
  let real: Record<string, string[]>;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacegate-fuzz-'));
    const config = parseConfig({
      store: { url: `file:${join(dir, 'spacegate.db')}` },
      demo: { size: 'small', seed: 7 },
      server: { sessionSecret: 'a-test-secret-that-is-long-enough-0123456789' },
      worker: { enabled: false },
      // Sign-out is fuzzed too, and each one means signing in again from 127.0.0.1: the per-address
      // limit (its own test is sign-in-throttle) would otherwise refuse the rest of the run.
      auth: { signIn: { perAddressPerMinute: 1000 } },
    });
    const logger = createLogger({ level: process.env.FUZZ_LOG === undefined ? 'silent' : 'error' });
    running = await startSpacegate({ config, logger, port: 0 });
    real = await realParams(running);
  });
  after(() => running.close());

  // fast-check's time limit abandons a run without waiting for it: the probes queue up here, so a
  // request left in flight never overlaps the next one's before-and-after snapshots.
  let queue: Promise<unknown> = Promise.resolve();
  function probe(tally: FuzzTally, label: string, send: () => Promise<Answer>): Promise<Answer> {
    const next = queue.then(() => probeNow(tally, label, send));
    queue = next.catch(() => undefined);
    return next;
  }

  /** Sends one request; a refused one (4xx) must leave the store as it was. */
  async function probeNow(tally: FuzzTally, label: string, send: () => Promise<Answer>): Promise<Answer> {
    const before = await storeSnapshot(running.runtime.store);
    let answer: Answer;
    try {
      answer = await send();
    } catch (error) {
      answer = { status: 599, location: '' };
      tally.errors500.push(`no answer (${error instanceof Error ? error.message : error}): ${label}`);
    }
    tally.requests++;
    if (answer.status >= 500 && answer.status !== 599) tally.errors500.push(`${answer.status} ${label}`);
    if (answer.status >= 400 && answer.status < 500) {
      const after = await storeSnapshot(running.runtime.store);
      const changed = ['identities', 'accounts', 'catalog', 'requests', 'approvals', 'audit'].filter(
        (_table, i) => after.parts[i] !== before.parts[i],
      );
      if (changed.length > 0)
        tally.changedByRefusal.push(`${answer.status} ${label} changed ${changed.join(', ')}`);
    }
    await waitFor(
      () => running.runtime.runs.list({ limit: 5 }),
      (page) => page.items.every((run) => run.status !== 'running'),
    );
    return answer;
  }

  async function fuzz(
    surface: string,
    routes: Array<{ method: string; url: string }>,
    property: (route: { method: string; url: string }, tally: FuzzTally) => fc.IAsyncProperty<never>,
  ) {
    const tally: FuzzTally = { requests: 0, errors500: [], changedByRefusal: [] };
    const perRoute = Math.max(100, Math.floor(FUZZ_MS / routes.length));
    const unreached: string[] = [];
    for (const route of routes) {
      const sent = tally.requests;
      // A failing run is already in the tally (recorded before the property returns false).
      const failure = await fc
        .assert(property(route, tally), {
          seed: FUZZ_SEED,
          numRuns: 25,
          interruptAfterTimeLimit: perRoute,
          markInterruptAsFailure: false,
          endOnFailure: true,
        })
        .catch((error: unknown) => String(error).split('\n').slice(0, 3).join(' '));
      await queue;
      // On a busy machine the time slice may end before the first run: then one run, unhurried.
      if (tally.requests === sent) {
        await fc.assert(property(route, tally), { seed: FUZZ_SEED, numRuns: 1 }).catch(() => undefined);
        await queue;
      }
      if (tally.requests === sent) unreached.push(`${route.method} ${route.url}: ${failure ?? 'no run'}`);
    }
    report(surface, tally);
    assert.deepEqual(unreached, [], 'every route was fuzzed at least once');
    assert.deepEqual(tally.errors500, [], 'no answer of 500');
    assert.deepEqual(tally.changedByRefusal, [], 'no refused input changed stored data');
  }

  test('API routes: bodies, query strings and path parameters', async () => {
    const document = (await (await fetch(`${running.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ name: string }>;
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    const routes = routesOf(running).filter((r) => API_PATHS.test(r.url));
    await fuzz('API', routes, (route, tally) => {
      const operation =
        document.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const queryKeys = [
        ...new Set([...(operation?.parameters ?? []).map((p) => p.name), 'q', 'offset', 'limit']),
      ];
      const bodyKeys = Object.keys(
        operation?.requestBody?.content['application/json']?.schema.properties ?? {},
      );
      const field = fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));
      const body = fc.oneof(
        fc
          .dictionary(fc.constantFrom(...bodyKeys, 'x'), field)
          .map((b) => ({ type: 'application/json', text: JSON.stringify(b) })),
        fc
          .jsonValue({ maxDepth: 2 })
          .map((b) => ({ type: 'application/json', text: JSON.stringify(b) ?? 'null' })),
        nasty.map((text) => ({ type: 'application/json', text })),
        nasty.map((text) => ({ type: 'text/csv', text })),
      );
      return fc.asyncProperty(pathFor(route.url, real), pairs(queryKeys), body, async (path, query, sent) => {
        const url = `${running.url}${path}?${new URLSearchParams(query)}`;
        const label = `${route.method} ${path.slice(0, 80)} ?${String(new URLSearchParams(query)).slice(0, 80)} ${sent.text.slice(0, 80)}`;
        const answer = await probe(tally, label, async () => {
          const response = await fetch(url, {
            method: route.method,
            headers: {
              authorization: `Bearer ${running.demoToken}`,
              ...(route.method === 'GET' ? {} : { 'content-type': sent.type }),
            },
            ...(route.method === 'GET' ? {} : { body: sent.text }),
          });
          await response.arrayBuffer();
          return { status: response.status, location: '' };
        });
        return COUNT_ONLY || answer.status < 500;
      }) as never;
    });
  });

  test('web pages and forms: query parameters and form fields, signed in with a valid CSRF token', async () => {
    const client = createClient(running.url);
    await client.signIn('admin', 'demo');
    const routes = routesOf(running).filter((r) => !API_PATHS.test(r.url));
    const named = new Set(PAGE_KEYS);
    for (const route of routes.filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      const { text } = await client.page(route.url);
      for (const m of text.matchAll(/name="([^"]+)"|(?:\?|&amp;|&)([a-zA-Z_]+)=/g))
        named.add(m[1] ?? m[2] ?? '');
    }
    const keys = [...named].filter((k) => k !== '' && k !== '_csrf');
    await fuzz(
      'web',
      routes,
      (route, tally) =>
        fc.asyncProperty(
          pathFor(route.url, real),
          pairs(keys),
          fc.boolean(),
          async (path, fields, withCsrf) => {
            if (!client.jar.has('sg_session')) await client.signIn('admin', 'demo');
            const csrf = await client.csrf();
            const label = `${route.method} ${path.slice(0, 80)} ${String(new URLSearchParams(fields)).slice(0, 120)}`;
            const answer = await probe(tally, label, async () => {
              const response =
                route.method === 'GET'
                  ? await client.request(`${path}?${new URLSearchParams(fields)}`, {
                      headers: { accept: 'text/html' },
                    })
                  : await client.form(
                      path,
                      Object.fromEntries(withCsrf ? [...fields, ['_csrf', csrf]] : fields),
                    );
              await response.arrayBuffer();
              return { status: response.status, location: response.headers.get('location') ?? '' };
            });
            if (answer.location.startsWith('/sign-in')) await client.signIn('admin', 'demo');
            return COUNT_ONLY || answer.status < 500;
          },
        ) as never,
    );
  });
});
