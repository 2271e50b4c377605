import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, StoredAccount } from '../../src/core/index.ts';
import type { FaultRule, WriteLogEntry } from '../../src/emulator/index.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import {
  addFault,
  addLoopEntitlements,
  clearFaults,
  hrFor,
  type Loop,
  startLoop,
  usableAccounts,
} from './loop-fixture.ts';

/** The emulator's v1 operation for each option the campaign asks for. */
const OPERATION: Record<string, string> = {
  view: 'read/space',
  add_page: 'create/page',
  add_comment: 'create/comment',
};
const OPTIONS = Object.keys(OPERATION);
const PEOPLE = 10;

/**
 * A bad day for writes and reads alike: refusals before the write, answers lost after it (dropped,
 * cut, garbled, a gateway timeout), 429 storms on reads. Rates are per matching call.
 */
function faultMix(spaceKey: string): FaultRule[] {
  const writes = `/wiki/rest/api/space/${spaceKey}/permission`;
  return [
    { kind: 'reset', method: 'POST', pathPrefix: writes, rate: 0.12 },
    { kind: 'reset', after: true, method: 'POST', pathPrefix: writes, rate: 0.12 },
    { kind: 'truncate', method: 'POST', pathPrefix: writes, rate: 0.08 },
    { kind: 'malformed', method: 'POST', pathPrefix: writes, rate: 0.08 },
    { kind: 'status', status: 504, after: true, method: 'POST', pathPrefix: writes, rate: 0.08 },
    { kind: 'status', status: 503, retryAfterSeconds: 0, method: 'POST', pathPrefix: writes, rate: 0.08 },
    { kind: 'reset', after: true, method: 'DELETE', pathPrefix: writes, rate: 0.2 },
    { kind: 'status', status: 502, method: 'DELETE', pathPrefix: writes, rate: 0.1 },
    { kind: 'status', status: 429, retryAfterSeconds: 0, method: 'GET', pathPrefix: '/wiki', rate: 0.1 },
    { kind: 'truncate', method: 'GET', pathPrefix: '/wiki', rate: 0.04 },
  ];
}

async function setFaults(loop: Loop, rules: FaultRule[]): Promise<void> {
  await clearFaults(loop);
  for (const rule of rules) await addFault(loop, rule);
}

/** The options an account holds directly in the space, by the emulator's truth. */
function heldOptions(loop: Loop, accountId: string, spaceKey: string): string[] {
  const space = [...loop.emulator.state.spaces.values()].find((s) => s.key === spaceKey);
  const ops = new Set(
    (space?.permissions ?? [])
      .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
      .map((p) => `${p.key}/${p.target}`),
  );
  return OPTIONS.filter((o) => ops.has(OPERATION[o] ?? ''));
}

/** The options a request should have left in place, by its own final state; undefined when unknown. */
function expectedHeld(request: AccessRequest, before: string[]): string[] | undefined {
  const asked = request.permissions as string[];
  const applied = (request.outcome?.applied ?? []).map((v) => v.slice(v.lastIndexOf(':') + 1));
  if (request.outcome !== null && !request.outcome.verified) return undefined;
  const changed = request.status === 'fulfilled' ? asked : request.status === 'failed' ? [] : applied;
  if (request.kind === 'grant') return OPTIONS.filter((o) => before.includes(o) || changed.includes(o));
  // Removing View removes every option with it, as Confluence does.
  if (changed.includes('view')) return [];
  return before.filter((o) => !changed.includes(o));
}

/** Writes that repeat one already logged for the same account, option and direction. */
function doubled(entries: WriteLogEntry[]): string[] {
  const keys = entries.map((e) => `${e.operation}|${e.accountIds.join(',')}|${String(e.detail.operation)}`);
  return keys.filter((k, i) => keys.indexOf(k) !== i);
}

for (const kind of STORE_KINDS) {
  describe(`fault campaign: ${kind}`, () => {
    let loop: Loop;
    let people: StoredAccount[];
    let spaceKey: string;
    const report: Record<string, number> = {};

    before(async () => {
      loop = await startLoop(kind, { retryAttempts: 1, timeoutMs: 2_000 });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      people = usableAccounts(loop.emulator, accounts).slice(0, PEOPLE + 2);
      ({ spaceKey } = addLoopEntitlements(loop.emulator, people[0]?.key ?? ''));
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.catalog.update(`space:${spaceKey}`, { owner: 'E1' }, 'admin');
      await loop.gov.startWorker();
    });
    after(async () => {
      console.log(`fault campaign (${kind}): ${JSON.stringify(report)}`);
      await loop.close();
    });

    /** Submits, approves as the workflow asks, and waits for each request; every end state is checked. */
    const runAll = async (
      submissions: Array<{ i: number; kind: 'grant' | 'revoke'; permissions: string[] }>,
    ): Promise<void> => {
      const since = Math.max(0, ...loop.emulator.state.writeLog.map((e) => e.seq));
      const before = new Map(
        submissions.map((s) => [s.i, heldOptions(loop, people[s.i]?.key ?? '', spaceKey)]),
      );
      const requests: Array<[number, AccessRequest]> = [];
      for (const s of submissions) {
        const request = await loop.gov.requests.submit({
          kind: s.kind,
          requesterId: `E${s.i}`,
          itemId: `space:${spaceKey}`,
          permissions: s.permissions,
          justification: 'campaign',
        });
        for (const approverId of s.kind === 'grant' ? ['E0', 'E1'] : ['E0']) {
          await loop.gov.approvals.decide({
            requestId: request.id,
            approverId,
            decision: 'approved',
            reason: 'ok',
          });
        }
        requests.push([s.i, request]);
      }
      for (const [i, submitted] of requests) {
        const request = await loop.settle(
          submitted.id,
          ['fulfilled', 'partially_fulfilled', 'failed'],
          120_000,
        );
        const key = `${request.kind} ${request.status}${request.outcome?.verified === false ? ' (unknown)' : ''}`;
        report[key] = (report[key] ?? 0) + 1;
        const account = people[i]?.key ?? '';
        const expected = expectedHeld(request, before.get(i) ?? []);
        if (expected === undefined) continue;
        const where = `E${i} ${request.kind} ${request.status}: ${request.failureReason ?? ''}`;
        assert.deepEqual(
          heldOptions(loop, account, spaceKey),
          expected,
          `the site holds what the request says (${where})`,
        );
        const stored = await loop.store.store.transaction((tx) => tx.assignments.listByAccount(account));
        assert.deepEqual(
          OPTIONS.filter((o) => stored.some((a) => a.value === `${spaceKey}:${o}`)),
          expected,
          `the stored access follows (${where})`,
        );
      }
      const logged = loop.emulator.state.writeLog.filter((e) => e.seq > since);
      assert.deepEqual(doubled(logged), [], 'no change applied twice');
    };

    test('grants, then revocations, under lost answers and refusals: the state of each equals the site', async () => {
      await setFaults(loop, faultMix(spaceKey));
      const ids = Array.from({ length: PEOPLE }, (_, n) => n + 2);
      await runAll(ids.map((i) => ({ i, kind: 'grant' as const, permissions: OPTIONS })));
      const holding = ids.filter((i) =>
        heldOptions(loop, people[i]?.key ?? '', spaceKey).includes('add_comment'),
      );
      await runAll(holding.map((i) => ({ i, kind: 'revoke' as const, permissions: ['add_comment'] })));
      await setFaults(loop, []);
      assert.ok((report['grant fulfilled'] ?? 0) > 0, 'some grants got through the faults');
    });
  });
}
