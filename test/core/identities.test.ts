import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  createAuditService,
  createIdentityService,
  type IdentityService,
  loadAttributePolicy,
  ManualClock,
  randomIds,
  recordPolicyVersion,
} from '../../src/core/index.ts';
import { freshStore, STORE_KINDS } from '../store/fresh-store.ts';
import { HR_CSV, seedAccess } from './governance-fixture.ts';

const POLICY_TEXT = readFileSync(new URL('../../examples/attribute-policy.yaml', import.meta.url), 'utf8');

for (const kind of STORE_KINDS) {
  describe(`HR import: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    let identities: IdentityService;
    const clock = new ManualClock();
    before(async () => {
      opened = await freshStore(kind);
      await seedAccess(opened.store, clock);
      const policy = loadAttributePolicy('attribute-policy.yaml', POLICY_TEXT);
      identities = createIdentityService({
        store: opened.store,
        clock,
        ids: randomIds,
        attributePolicy: () => policy,
      });
    });
    after(async () => opened.dispose());

    test('the first import creates everyone and deprovisions the leaver through revocation requests', async () => {
      const report = await identities.importHr('hr.csv', HR_CSV);
      assert.equal(report.created.length, 9);
      assert.deepEqual(report.leavers, ['L1']);
      assert.equal(
        report.revocations.length,
        2,
        'one for group g-docs, one for the ENG options (Delete Mail cannot be revoked)',
      );
      assert.equal(report.deactivations.length, 1, 'the example policy deactivates leavers');
      const revocations = await opened.store.transaction((tx) => tx.requests.list({ beneficiaryId: 'L1' }));
      const account = await opened.store.transaction((tx) => tx.accounts.getByIdentity('L1'));
      assert.deepEqual(
        revocations.map((r) => [r.kind, r.itemId, r.permissions, r.status, r.requesterId]).sort(),
        [
          ['deactivate', `account:${account?.key}`, [], 'pending', 'system'],
          ['revoke', 'group:g-docs', [], 'pending', 'system'],
          ['revoke', 'space:ENG', ['add_page', 'view'], 'pending', 'system'],
        ],
      );
      assert.match(
        revocations.find((r) => r.kind === 'deactivate')?.justification ?? '',
        /^leaver per hr\.csv; attribute policy attribute-policy\.yaml rule "deactivate-leavers"/,
      );
      assert.equal((await opened.queue.counts()).queued, 3);
    });

    test('a re-import is incremental: it reports only what changed and queues the modify rules', async () => {
      clock.advance(60_000);
      const changed = HR_CSV.replace(
        'U2,user.two@example.com,Udo,Two,Engineering,Engineer',
        'U2,user.two@example.com,Udo,Two,Platform,Staff Engineer',
      ).replace('U1,user.one@example.com,Uma,One,Engineering', 'U1,user.one@example.com,Uma,One,Research');
      const report = await identities.importHr('hr.csv', changed);
      assert.deepEqual(report.created, []);
      assert.equal(report.unchanged, 7);
      assert.deepEqual(report.updated.find((u) => u.id === 'U2')?.changes, {
        department: { from: 'Engineering', to: 'Platform' },
        jobTitle: { from: 'Engineer', to: 'Staff Engineer' },
      });
      assert.equal(report.accountUpdates, 1, 'U1 has no account; U2 gets one modify job');
      const partial = await identities.importHr('hr.csv', changed.split('\n').slice(0, 3).join('\n'));
      assert.equal(
        partial.absent.length,
        7,
        'people missing from a partial export are reported, not removed',
      );
      assert.equal((await identities.list()).length, 9);
      const again = await identities.importHr('hr.csv', changed);
      assert.equal(again.unchanged, 9);
      assert.equal(again.accountUpdates, 0);
      const events = await createAuditService(opened).list({
        subject: 'identity:U2',
        type: 'identity.updated',
      });
      assert.equal(events.length, 1);
    });

    test('a leaver later in HR is deprovisioned once', async () => {
      const left = HR_CSV.replace(
        'U2,user.two@example.com,Udo,Two,Engineering,Engineer,M1,active',
        'U2,user.two@example.com,Udo,Two,Engineering,Engineer,M1,leaver',
      );
      const report = await identities.importHr('hr.csv', left);
      assert.deepEqual(report.leavers, ['U2']);
      assert.equal(report.revocations.length, 2);
      assert.deepEqual((await identities.importHr('hr.csv', left)).leavers, []);
    });

    test('a policy change is recorded once per new content', async () => {
      const deps = { store: opened.store, clock };
      const input = {
        name: 'attribute-policy.yaml',
        kind: 'attribute' as const,
        content: POLICY_TEXT,
        actor: 'admin',
      };
      assert.equal(await recordPolicyVersion(deps, input), true);
      assert.equal(await recordPolicyVersion(deps, input), false);
      assert.equal(await recordPolicyVersion(deps, { ...input, content: `${POLICY_TEXT}\n# tweak\n` }), true);
      const events = await createAuditService(opened).list({ subject: 'policy:attribute-policy.yaml' });
      assert.equal(events.length, 2);
      assert.equal(events[1]?.data.previousHash, events[0]?.data.hash);
    });
  });
}
