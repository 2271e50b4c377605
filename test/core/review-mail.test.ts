import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CampaignDefinition, ReviewAsker, ReviewCampaign } from '../../src/core/index.ts';
import { smtpMailer } from '../../src/server/mail/mailers.ts';
import { createSmtpSink, type ReceivedMail } from '../e2e/smtp-sink.ts';
import { freePort } from '../server/demo-server.ts';
import { STORE_KINDS, waitFor } from '../store/fresh-store.ts';
import { addLoopEntitlements, hrFor, type Loop, startLoop, usableAccounts } from './loop-fixture.ts';

const DAY = 86_400_000;
const BASE = 'http://spacegate.test';
const admin: ReviewAsker = { actor: 'admin', administrator: true, auditor: false, identityId: undefined };
const reviewer = (id: string): ReviewAsker => ({
  actor: id,
  administrator: false,
  auditor: false,
  identityId: id,
});

for (const kind of STORE_KINDS) {
  describe(`reviewers are mailed through a real SMTP server: ${kind}`, () => {
    let loop: Loop;
    let smtp: ReturnType<typeof createSmtpSink>;
    let spaceKey: string;
    let groupId: string;
    const emails = new Map<string, string>();

    before(async () => {
      const smtpPort = await freePort();
      smtp = createSmtpSink(smtpPort);
      await smtp.start();
      loop = await startLoop(kind, {
        notifications: (opened) => ({
          mailer: smtpMailer({
            smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', timeoutSeconds: 5 },
            from: 'Spacegate <spacegate@example.test>',
            baseUrl: () => BASE,
            outbox: opened.outbox,
          }),
          retryMs: 200,
        }),
      });
      await loop.gov.aggregation.aggregate('test');
      const accounts = await loop.store.store.transaction((tx) => tx.accounts.list());
      const people = usableAccounts(loop.emulator, accounts).slice(0, 4);
      for (const [i, p] of people.entries()) emails.set(`E${i}`, p.email.toLowerCase());
      await loop.gov.identities.importHr('hr.csv', hrFor(people));
      ({ groupId, spaceKey } = addLoopEntitlements(loop.emulator, people[0]?.key ?? ''));
      loop.emulator.state.addMember(groupId, people[3]?.key ?? '', { api: 'control', request: 'test setup' });
      loop.emulator.state.addMember(groupId, people[2]?.key ?? '', { api: 'control', request: 'test setup' });
      await loop.gov.aggregation.aggregate('test');
      await loop.gov.startWorker();
    });
    after(async () => {
      await loop?.close();
      await smtp?.stop();
    });

    /** Mails to one identity whose subject matches, as received so far. */
    const to = (id: string, subject: RegExp): ReceivedMail[] =>
      smtp.received.filter(
        (m) => m.to.some((a) => a.toLowerCase() === emails.get(id)) && subject.test(m.subject),
      );
    /** Waits until the queue has sent everything it holds (each sweep's mail are jobs). */
    const drained = async () => {
      const counts = await waitFor(
        () => loop.store.queue.counts(),
        (c) => c.queued === 0 && c.active === 0,
        30_000,
      );
      assert.deepEqual([counts.queued, counts.active], [0, 0], 'the mail queue drains');
    };
    const sweepTwice = async () => {
      await loop.gov.reviews.sweep();
      await loop.gov.reviews.sweep();
      await drained();
    };

    test('launch, reminder, escalation and the deadline notice: one mail each, to the right reviewer, with its link', async () => {
      const definition: CampaignDefinition = {
        name: 'Mail review',
        scope: { spaces: [spaceKey], groups: [groupId], risks: [], departments: [] },
        reviewers: { rule: 'manager', named: [], fallback: 'E1' },
        deadline: new Date(loop.clock.now().getTime() + 7 * DAY).toISOString(),
        undecided: 'revoke',
        reminderAfterMs: DAY,
        escalateAfterMs: 3 * DAY,
      };
      const draft: ReviewCampaign = await loop.gov.reviews.define(admin, definition);
      const { items } = await loop.gov.reviews.launch(admin, draft.id);
      // E0 holds LOOP (view, admin): the fallback E1 reviews it; E2 and E3 are in the group: their manager E0.
      assert.equal(items, 3);
      await drained();
      const [toE0] = to('E0', /^Access review "Mail review": 2 items for you to review by \d{4}-\d\d-\d\d$/);
      const [toE1] = to('E1', /^Access review "Mail review": 1 item for you to review/);
      assert.ok(toE0 && toE1, `each reviewer is mailed at launch: ${smtp.received.map((m) => m.subject)}`);
      assert.equal(smtp.received.length, 2, 'one mail per reviewer, nobody else');
      assert.match(
        toE0.text,
        /What: Review 2 items of access in the campaign "Mail review": keep or revoke each/,
      );
      assert.match(toE0.text, /Whose access: First2 Last2, First3 Last3\n/);
      assert.doesNotMatch(
        toE0.text,
        /Whose access: [^\n]*First0/,
        'nobody is asked to review their own access',
      );
      assert.match(toE1.text, /Whose access: First0 Last0\n/);
      assert.match(toE0.text, /items left undecided are revoked by the campaign's rule/);
      assert.match(
        toE0.text,
        new RegExp(`Deadline: ${definition.deadline.slice(0, 16).replace('T', ' ')} UTC`),
      );
      assert.match(toE0.text, new RegExp(`Review them here: ${BASE}/reviews/${draft.id}\\n`));

      // E1 decides their item; a day later only E0 has items left, so only E0 is reminded, once.
      await loop.gov.reviews.decideMatching(reviewer('E1'), {
        campaignId: draft.id,
        decision: 'keep',
        comment: '',
      });
      loop.clock.advance(DAY + 1);
      await sweepTwice();
      const reminders = to('E0', /^Reminder: /);
      assert.equal(reminders.length, 1, 'one reminder although the sweep ran twice');
      assert.match(reminders[0]?.subject ?? '', /^Reminder: 2 items still to review in "Mail review" by /);
      assert.match(
        reminders[0]?.text ?? '',
        new RegExp(`They are still waiting for you here: ${BASE}/reviews/${draft.id}\\?decision=undecided`),
      );
      assert.equal(to('E1', /^Reminder: /).length, 0, 'a reviewer with nothing left is not reminded');

      // Three days after launch E0's two items go to the fallback E1: one mail counting both.
      loop.clock.advance(2 * DAY);
      await sweepTwice();
      const escalated = to('E1', /^Escalated to you: /);
      assert.equal(escalated.length, 1, 'one escalation mail although the sweep ran twice');
      assert.match(escalated[0]?.subject ?? '', /^Escalated to you: 2 items to review in "Mail review"/);
      assert.match(
        escalated[0]?.text ?? '',
        /Reason: Their reviewers did not decide them within 3 days of the launch/,
      );
      assert.match(escalated[0]?.text ?? '', /Whose access: First2 Last2, First3 Last3\n/);
      assert.equal(to('E1', /^Reminder: /).length, 0, 'the escalation is the reminder for those items');

      // Within a day of the deadline: the reviewer with items left (E1 now) is told, once.
      loop.clock.advance(3 * DAY);
      await sweepTwice();
      const near = to('E1', /^Deadline /);
      assert.equal(near.length, 1, 'one deadline notice although the sweep ran twice');
      assert.match(
        near[0]?.subject ?? '',
        /^Deadline \d{4}-\d\d-\d\d: 2 items still to review in "Mail review"$/,
      );
      assert.match(near[0]?.text ?? '', /Decide them before the deadline here: /);
      assert.equal(to('E0', /^Deadline /).length, 0, 'E0 has nothing left to decide');

      const before = smtp.received.length;
      loop.clock.advance(DAY);
      await sweepTwice();
      assert.equal((await loop.gov.reviews.get(admin, draft.id)).status, 'closed');
      assert.equal(smtp.received.length, before, 'closing mails nobody');
      const keys = smtp.received.map((m) => m.messageId);
      assert.equal(new Set(keys).size, keys.length, 'every mail is its own message');
    });
  });
}
