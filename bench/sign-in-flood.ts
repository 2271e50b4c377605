// `node --import tsx bench/sign-in-flood.ts [--requests 400] [--parallel 50]`
// Floods the sign-in form of a real server (SQLite store, port 0) the way the fault campaign did:
// unknown names from many addresses and from one, and a person's password guessed elsewhere.
// Prints one JSON line: how many were checked, refused busy or rate-limited, checks per second,
// the slowest /health answer during the flood, and what the person's own and a new browser get.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/server/auth/secrets.ts';
import { parseConfig } from '../src/server/config/load.ts';
import { createLogger } from '../src/server/observability/logger.ts';
import { createServerMetrics } from '../src/server/observability/metrics.ts';
import { buildWebServer } from '../src/server/web-server.ts';
import { openStore } from '../src/store/index.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '400' }, parallel: { type: 'string', default: '50' } },
});
const total = Number(values.requests);
const parallel = Number(values.parallel);
const PASSWORD = 'the right password, long enough';

const opened = await openStore({ url: `file:${join(mkdtempSync(join(tmpdir(), 'sg-flood-')), 'sg.db')}` });
const app = await buildWebServer({
  config: parseConfig({
    atlassian: { connectorFile: 'unused.json' },
    server: { sessionSecret: 'b'.repeat(40), trustProxy: true },
    auth: { users: [{ username: 'bob', passwordHash: await hashPassword(PASSWORD), roles: ['requester'] }] },
  }),
  logger: createLogger({ level: 'silent' }),
  metrics: createServerMetrics(),
  signIns: opened.signIns,
  readiness: [],
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

/** One sign-in attempt from an address, with a fresh form (its pre-session cookie and CSRF token). */
async function attempt(address: string, username: string, password: string, cookies = ''): Promise<Response> {
  const headers = { 'x-forwarded-for': address, accept: 'text/html' };
  const form = await fetch(`${url}/sign-in`, { headers: { ...headers, cookie: cookies } });
  const pre = (form.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      cookie: [cookies, pre].filter(Boolean).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
}

async function flood(addressOf: (i: number) => string) {
  const statuses = new Map<number, number>();
  let next = 0;
  let slowestHealthMs = 0;
  let flooding = true;
  const probe = (async () => {
    while (flooding) {
      const started = performance.now();
      await (await fetch(`${url}/health`)).text();
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) {
        const i = next++;
        const response = await attempt(addressOf(i), `nobody-${i}@example.com`, 'guess');
        await response.body?.cancel();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  flooding = false;
  await probe;
  const checked = statuses.get(401) ?? 0;
  return {
    statuses: Object.fromEntries(statuses),
    seconds: Number(seconds.toFixed(2)),
    checksPerSecond: Number((checked / seconds).toFixed(1)),
    slowestHealthMs: Math.round(slowestHealthMs),
  };
}

const manyAddresses = await flood((i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
const oneAddress = await flood(() => '192.0.2.1');

const own = await attempt('198.51.100.1', 'bob', PASSWORD);
const device =
  own.headers
    .getSetCookie()
    .find((c) => c.startsWith('sg_device='))
    ?.split(';')[0] ?? '';
const guesses: number[] = [];
for (let i = 0; i < 10; i++) {
  const guess = await attempt(`203.0.113.${i}`, 'bob', `guess-${i}`);
  await guess.body?.cancel();
  guesses.push(guess.status);
}
const ownBrowser = await attempt('198.51.100.1', 'bob', PASSWORD, device);
const newBrowser = await attempt('198.51.100.2', 'bob', PASSWORD);
console.log(
  JSON.stringify({
    unknownNamesFromManyAddresses: manyAddresses,
    unknownNamesFromOneAddress: oneAddress,
    afterTenGuessesElsewhere: {
      guesses,
      ownBrowser: ownBrowser.status,
      newBrowser: newBrowser.status,
      newBrowserRetryAfterSeconds: Number(newBrowser.headers.get('retry-after')),
    },
  }),
);
await app.close();
await opened.close();
