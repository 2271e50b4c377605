import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AccessRequest } from '../../src/core/index.ts';
import type { WriteLogEntry } from '../../src/emulator/index.ts';
import { STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import { addLoopEntitlements, hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const JOB_TIMEOUT_SECONDS = 2;

/** Starts a worker process and waits until it says it is ready. */
async function startWorker(loop: Loop): Promise<ChildProcess> {
  const arg = JSON.stringify({
    location: loop.store.location,
    connector: loop.connectorConfig,
    jobTimeoutSeconds: JOB_TIMEOUT_SECONDS,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, arg], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  assert.match(String(chunk), /ready/);
  return child;
}

/** Slows every emulator answer, so the kill lands while jobs are in flight. */
async function setLatency(loop: Loop, latencyMs: number): Promise<void> {
  const response = await fetch(`${loop.emulator.url}/_emulator/traffic`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  assert.equal(response.status, 200);
}

/** What a write did, without the ids a second identical write would get anew. */
function writeKey(entry: WriteLogEntry): string {
  const d = entry.detail;
  return [entry.operation, entry.accountIds.join(','), d.groupId, d.spaceKey, d.operation].join('|');
}

for (const kind of STORE_KINDS) {
  describe(`crash recovery: ${kind}`, () => {
    let loop: Loop;
    let requests: AccessRequest[];
    let since: number;
    const children: ChildProcess[] = [];
    before(async () => {
      loop = await startLoop(kind, { jobTimeoutSeconds: JOB_TIMEOUT_SECONDS });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      const people = usableAccounts(loop.emulator, accounts).slice(0, 16);
      const { groupId, spaceKey } = addLoopEntitlements(loop.emulator, people[0]?.key ?? '');
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.catalog.update(`group:${groupId}`, { owner: 'E0' }, 'admin');
      await loop.gov.catalog.update(`space:${spaceKey}`, { owner: 'E0' }, 'admin');
      since = Math.max(0, ...loop.emulator.state.writeLog.map((e) => e.seq));
      requests = [];
      await setLatency(loop, 0);
      for (let i = 1; i < people.length; i++) {
        const requester = `E${i}`;
        const viewOnly = await loop.gov.requests.submit({
          requesterId: requester,
          itemId: `space:${spaceKey}`,
          permissions: ['view'],
          justification: 'read',
        });
        const group = await loop.gov.requests.submit({
          requesterId: requester,
          itemId: `group:${groupId}`,
          justification: 'write',
        });
        for (const stage of ['manager', 'owner']) {
          await loop.gov.approvals.decide({
            requestId: group.id,
            approverId: 'E0',
            decision: 'approved',
            reason: stage,
          });
        }
        requests.push(viewOnly, group);
      }
    });
    after(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await loop.close();
    });

    test('a worker killed mid-run (beside another, on PostgreSQL) leaves nothing lost and nothing applied twice', async () => {
      const fulfilled = async () =>
        (await loop.gov.requests.list({ status: ['fulfilled'] })).filter((r) =>
          requests.some((q) => q.id === r.id),
        ).length;
      assert.ok(
        (await loop.gov.requests.list({ status: ['pending'] })).length >= requests.length - 1,
        'approved and waiting',
      );
      // Slow enough that the kill lands mid-run: a fulfillment is about seven calls.
      await setLatency(loop, 40);
      // On PostgreSQL a second worker runs beside the first and, once it is killed, finishes alone;
      // both start together, so the first cannot finish the run while the second is still starting.
      const [first, beside] = await Promise.all([
        startWorker(loop),
        kind === 'postgres' ? startWorker(loop) : Promise.resolve(undefined),
      ]);
      children.push(first);
      if (beside !== undefined) children.push(beside);
      const atKill = await waitFor(fulfilled, (n) => n >= 4);
      first.kill('SIGKILL');
      await once(first, 'exit');
      assert.ok(atKill < requests.length, `killed mid-run (${atKill} of ${requests.length} done)`);
      await setLatency(loop, 0);
      const second = beside ?? (await startWorker(loop));
      if (beside === undefined) children.push(second);
      const done = await waitFor(fulfilled, (n) => n === requests.length, 60_000);
      second.kill('SIGTERM');
      await once(second, 'exit');
      assert.equal(done, requests.length, 'every request ends fulfilled');
      for (const request of requests) {
        const events = await loop.gov.audit.list({
          subject: `request:${request.id}`,
          type: 'fulfillment.fulfilled',
        });
        assert.equal(events.length, 1, `request ${request.id} recorded fulfilled exactly once`);
      }
      const writes = loop.emulator.state.writeLog.filter(
        (e) => e.seq > since && e.operation.endsWith('.add'),
      );
      const keys = writes.map(writeKey);
      const doubled = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepEqual(doubled, [], 'the write log shows no double writes');
      assert.equal(writes.filter((e) => e.operation === 'group.member.add').length, requests.length / 2);
    });
  });
}
