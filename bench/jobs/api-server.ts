// `node --import tsx bench/jobs/api-server.ts SIZE SEED REQUESTS`: one demo `spacegate start` (its own
// SQLite file, the emulator in process, the first aggregation done) with REQUESTS access requests
// added, a share of them waiting for the demo administrator; prints what the load test needs as one
// JSON line on stdout, then serves until SIGTERM.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessRequest, Approval, Store } from '../../src/core/index.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { startSpacegate } from '../../src/server/start.ts';

const [size = 'small', seed = '1', count = '5000'] = process.argv.slice(2);
const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'spacegate-bench-api-'));
const config = parseConfig({
  store: { url: `file:${join(dir, 'spacegate.db')}` },
  demo: { size, seed: Number(seed) },
  server: { sessionSecret: 'a-bench-secret-that-is-long-enough-0123456789' },
  worker: { enabled: false },
  log: { level: 'silent' },
});
const running = await startSpacegate({ config, logger: createLogger({ level: 'silent' }), port: 0 });
const { store } = running.runtime;
const adminEmail = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
const admin = await store.transaction((tx) => tx.identities.getByEmail(adminEmail));
if (admin === undefined) throw new Error('the demo has no administrator identity');
await addRequests(store, admin.id, Number(count));
const probe = await probes(store);
process.stdout.write(
  `${JSON.stringify({ url: running.url, token: running.demoToken, startMs: Date.now() - started, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), ...probe })}\n`,
);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});

/** Requests for the first identities and catalog items, every fifth waiting for the administrator. */
async function addRequests(store: Store, approverId: string, n: number): Promise<void> {
  const people = await store.transaction((tx) => tx.identities.page({ limit: 200, status: 'active' }));
  const items = await store.transaction((tx) => tx.catalog.page({ limit: 200, type: 'space' }));
  const statuses: AccessRequest['status'][] = [
    'awaiting_approval',
    'fulfilled',
    'rejected',
    'fulfilled',
    'failed',
  ];
  const base = Date.UTC(2026, 0, 1);
  for (let from = 0; from < n; from += 500) {
    await store.transaction(async (tx) => {
      for (let i = from; i < Math.min(n, from + 500); i++) {
        const who = people.items[i % people.items.length];
        const item = items.items[(i * 7) % items.items.length];
        if (who === undefined || item === undefined) return;
        const at = new Date(base + i * 60_000).toISOString();
        const status = statuses[i % statuses.length] ?? 'fulfilled';
        const request: AccessRequest = {
          id: `req_bench_${String(i).padStart(6, '0')}`,
          kind: 'grant',
          requesterId: who.id,
          beneficiaryId: who.id,
          itemId: item.id,
          permissions: ['view'],
          justification: 'benchmark',
          endDate: null,
          status,
          workflow: 'default',
          stages: [
            {
              name: 'approval',
              mode: 'any',
              approvers: [approverId],
              reminderAfterMs: null,
              escalateAfterMs: null,
              escalateTo: [],
            },
          ],
          currentStage: 0,
          failureReason: null,
          outcome: null,
          createdAt: at,
          updatedAt: at,
        };
        await tx.requests.insert(request, null);
        const approval: Approval = {
          id: `apr_bench_${String(i).padStart(6, '0')}`,
          requestId: request.id,
          stage: 0,
          approverId,
          decision: status === 'awaiting_approval' ? null : 'approved',
          reason: null,
          decidedAt: status === 'awaiting_approval' ? null : at,
          assignedAt: at,
          remindedAt: null,
          escalated: false,
        };
        await tx.approvals.insert(approval);
      }
    });
  }
}

/** An account that holds something, a word from an account name and one from a space name, to search by. */
async function probes(store: Store) {
  return store.transaction(async (tx) => {
    const accounts = await tx.accounts.page({ limit: 200, sort: 'email' });
    let accountKey = accounts.items[0]?.key ?? '';
    for (const a of accounts.items) {
      if ((await tx.assignments.listByAccount(a.key)).length > 3) {
        accountKey = a.key;
        break;
      }
    }
    const named = accounts.items[accounts.items.length >> 1]?.displayName ?? 'a';
    const spaces = await tx.catalog.page({ limit: 50, type: 'space' });
    const spaceName = spaces.items[spaces.items.length >> 1]?.name ?? 'a';
    const groups = await tx.entitlements.page({ limit: 100, type: 'group' });
    let bigGroup = { key: '', members: -1 };
    for (const g of groups.items) {
      const members = await tx.assignments.holders({
        limit: 1,
        kind: 'group',
        groupId: g.key,
        withTotal: true,
      });
      if ((members.total ?? 0) > bigGroup.members) bigGroup = { key: g.key, members: members.total ?? 0 };
    }
    const counts = await tx.accounts.page({ limit: 1, withTotal: true });
    const events = await tx.audit.page({ limit: 1, withTotal: true });
    return {
      accountKey,
      accountSearch: named.split(' ').at(-1)?.toLowerCase() ?? 'a',
      catalogSearch: spaceName.split(' ')[0]?.toLowerCase() ?? 'a',
      spaceKey: spaces.items[spaces.items.length >> 1]?.entitlementKey ?? '',
      bigGroup: bigGroup.key,
      bigGroupMembers: bigGroup.members,
      accounts: counts.total,
      auditEvents: events.total,
    };
  });
}
