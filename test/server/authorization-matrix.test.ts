import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { type RunningSpacegate, startSpacegate } from '../../src/server/start.ts';
import { callerFor, MATRIX_ROLES, type Outcome } from './authorization-probe.ts';

/** Everyone is let through. */
const PUBLIC: Outcome[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'];

/**
 * The one table: every route (method and Fastify path) and what each role gets, in the order
 * anonymous, requester, approver, catalog owner, administrator, auditor. The demo's approver also
 * holds requester, its administrator also requester and approver. HEAD follows GET. `ok` is any
 * answer but a refusal (a 404 for an id that does not exist is `ok`); `sign-in` is a 303 to the
 * sign-in page. A route missing here fails the test, so a new route needs a decision.
 */
const EXPECTED: Record<string, Outcome[]> = {
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/docs/': PUBLIC,
  'GET /api/docs/static/index.html': PUBLIC,
  'GET /api/docs/static/swagger-initializer.js': PUBLIC,
  'GET /api/docs/static/*': PUBLIC,
  'GET /api/docs/json': PUBLIC,
  'GET /api/docs/yaml': PUBLIC,
  'GET /api/v1/me': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'GET /api/v1/catalog': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'GET /api/v1/catalog/:id': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'PATCH /api/v1/catalog/:id': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/requests': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /api/v1/requests': ['401', 'ok', 'ok', '403', 'ok', '403'],
  'GET /api/v1/requests/:id': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /api/v1/requests/:id/cancel': ['401', 'ok', 'ok', '403', 'ok', '403'],
  'POST /api/v1/requests/:id/decision': ['401', '403', 'ok', 'ok', 'ok', '403'],
  'GET /api/v1/approvals': ['401', '403', 'ok', 'ok', 'ok', '403'],
  'GET /api/v1/failures': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/drift': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/drift/counts': ['401', '403', '403', '403', 'ok', 'ok'],
  'POST /api/v1/drift/:id/accept': ['401', '403', '403', '403', 'ok', '403'],
  'POST /api/v1/drift/:id/revert': ['401', '403', '403', '403', 'ok', '403'],
  'POST /api/v1/requests/:id/retry': ['401', '403', '403', '403', 'ok', '403'],
  'POST /api/v1/requests/:id/resolve': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/accounts': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/accounts/:key': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/accounts/:key/access': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/entitlements': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/entitlements/:type/:key/holders': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/identities': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/audit': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/audit.csv': ['401', '403', '403', '403', 'ok', 'ok'],
  'POST /api/v1/aggregations': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/aggregations': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/aggregations/:id': ['401', '403', '403', '403', 'ok', 'ok'],
  'POST /api/v1/identities/import': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/policy': ['401', '403', '403', 'ok', 'ok', 'ok'],
  'GET /api/v1/reviews': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /api/v1/reviews': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/reviews/:id': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /api/v1/reviews/:id/launch': ['401', '403', '403', '403', 'ok', '403'],
  'POST /api/v1/reviews/:id/close': ['401', '403', '403', '403', 'ok', '403'],
  'GET /api/v1/reviews/:id/items': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /api/v1/reviews/:id/decisions': ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'GET /api/v1/reviews/:id/report': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /api/v1/reviews/:id/report.csv': ['401', '403', '403', '403', 'ok', 'ok'],
  'GET /metrics': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /sign-in': PUBLIC,
  // Anonymous: an empty form is a wrong password (401). Signed in: no sign-in form, so no CSRF binding (403).
  'POST /sign-in': ['401', '403', '403', '403', '403', '403'],
  'POST /sign-out': PUBLIC,
  // Single sign-on is not configured in the demo: both answer 404 to everyone.
  'GET /sign-in/oidc': PUBLIC,
  'GET /sign-in/oidc/callback': PUBLIC,
  'GET /': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'GET /catalog': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'GET /catalog/item': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'POST /catalog/item/settings': ['sign-in', '403', '403', '403', 'ok', '403'],
  'GET /requests': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /requests': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'GET /requests/:id': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /requests/:id/cancel': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'GET /access': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'GET /revoke': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'POST /revoke': ['sign-in', 'ok', 'ok', '403', 'ok', '403'],
  'GET /admin/failures': ['sign-in', '403', '403', '403', 'ok', '403'],
  'GET /admin/drift': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'POST /admin/drift/accept': ['sign-in', '403', '403', '403', 'ok', '403'],
  'POST /admin/drift/revert': ['sign-in', '403', '403', '403', 'ok', '403'],
  'POST /admin/failures/:id/retry': ['sign-in', '403', '403', '403', 'ok', '403'],
  'POST /admin/failures/:id/resolve': ['sign-in', '403', '403', '403', 'ok', '403'],
  'GET /approvals': ['sign-in', '403', 'ok', 'ok', 'ok', '403'],
  'POST /approvals': ['sign-in', '403', 'ok', 'ok', 'ok', '403'],
  'POST /approvals/:requestId': ['sign-in', '403', 'ok', 'ok', 'ok', '403'],
  'GET /reviews': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /reviews': ['sign-in', '403', '403', '403', 'ok', '403'],
  'GET /reviews/:id': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'POST /reviews/:id/launch': ['sign-in', '403', '403', '403', 'ok', '403'],
  'POST /reviews/:id/close': ['sign-in', '403', '403', '403', 'ok', '403'],
  'POST /reviews/:id/decisions': ['sign-in', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'GET /reviews/:id/report': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/accounts': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/identities': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/identities/:id': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/accounts/:key': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/orphans': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/entitlements': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/entitlements/:type/:key': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/aggregation': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'POST /admin/aggregation': ['sign-in', '403', '403', '403', 'ok', '403'],
  'GET /admin/audit': ['sign-in', '403', '403', '403', 'ok', 'ok'],
  'GET /admin/policy': ['sign-in', '403', '403', 'ok', 'ok', 'ok'],
  'GET /admin/outbox': ['sign-in', '403', '403', '403', 'ok', '403'],
};

const expectationOf = (method: string, url: string) =>
  EXPECTED[`${method === 'HEAD' ? 'GET' : method} ${url}`];

let running: RunningSpacegate;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-matrix-'));
  const owner = { username: 'owner', passwordHash: await hashPassword('demo'), roles: ['catalog_owner'] };
  const config = parseConfig({
    store: { url: `file:${join(dir, 'spacegate.db')}` },
    demo: { size: 'small', seed: 7 },
    server: { sessionSecret: 'a-test-secret-that-is-long-enough-0123456789' },
    worker: { enabled: false },
    auth: { users: [owner], signIn: { perAddressPerMinute: 1000 } },
  });
  running = await startSpacegate({ config, logger: createLogger({ level: 'silent' }), port: 0 });
});

after(() => running.close());

describe('authorization matrix: every route of the server × every role', () => {
  test('every registered route has a stated expectation, and every expectation a route', () => {
    const routes = running.app.routeTable;
    const missing = routes.filter((r) => expectationOf(r.method, r.url) === undefined);
    assert.deepEqual(missing, [], 'new routes need a row in EXPECTED');
    const registered = new Set(routes.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
    assert.deepEqual(
      Object.keys(EXPECTED).filter((key) => !registered.has(key)),
      [],
      'stale rows',
    );
  });

  test('each role gets exactly the stated outcome on every route, HEAD included', async () => {
    // Sign-out ends the caller's session, so it goes last.
    const routes = [...running.app.routeTable].sort(
      (a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'),
    );
    const wrong: string[] = [];
    for (const [column, role] of MATRIX_ROLES.entries()) {
      const caller = await callerFor(running, role, 'demo');
      for (const route of routes) {
        const expected = expectationOf(route.method, route.url)?.[column];
        if (expected === undefined) continue;
        const { outcome, status } = await caller.call(route.method, route.url);
        if (outcome !== expected)
          wrong.push(
            `${role} ${route.method} ${route.url}: expected ${expected}, got ${outcome} (${status})`,
          );
      }
    }
    assert.deepEqual(wrong, []);
  });
});
