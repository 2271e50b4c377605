import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ReviewAsker } from '../../src/core/index.ts';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { freePort, spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { STORE_KINDS } from '../store/fresh-store.ts';
import { launchChromium, signIn, signOut } from './browser.ts';
import { createSmtpSink } from './smtp-sink.ts';

for (const kind of STORE_KINDS) {
  describe(`notification mail through a real SMTP server: ${kind}`, () => {
    let running: RunningSpacegate;
    let browser: Browser;
    let smtp: ReturnType<typeof createSmtpSink>;
    let base: string;

    before(async () => {
      const [port, smtpPort] = [await freePort(), await freePort()];
      base = `http://localhost:${port}`;
      smtp = createSmtpSink(smtpPort);
      await smtp.start();
      [running, browser] = await Promise.all([
        startDemoServer({
          port,
          store: kind,
          sections: {
            server: { publicUrl: base },
            mail: {
              from: 'Spacegate <spacegate@example.test>',
              smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', timeoutSeconds: 5 },
              retrySeconds: 0.2,
            },
          },
        }),
        launchChromium(),
      ]);
    });

    after(async () => {
      await browser?.close();
      await running?.close();
      await smtp?.stop();
    });

    async function identityOf(username: string): Promise<{ id: string; email: string }> {
      const email = running.demoAccounts.find((a) => a.username === username)?.identity ?? '';
      const person = await running.runtime.store.transaction((tx) => tx.identities.getByEmail(email));
      assert.ok(person, `the demo's ${username} has an identity`);
      return { id: person.id, email: person.email };
    }

    /** Polls until the check holds (the machine is loaded: generous timeouts, no fixed sleeps). */
    async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) {
          const counts = await running.runtime.queue.counts();
          const seen = smtp.received.map((m) => `${m.to.join(',')}: ${m.subject}`);
          throw new Error(
            `not reached within ${timeoutMs} ms; queue ${JSON.stringify(counts)}; received ${JSON.stringify(seen)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const mailsTo = (email: string, subject: RegExp) =>
      smtp.received.filter((m) => m.to.includes(email) && subject.test(m.subject));
    const idle = () =>
      until(async () => {
        const counts = await running.runtime.queue.counts();
        return counts.queued === 0 && counts.active === 0;
      }, 30_000);

    test('the approver gets a mail whose link opens the inbox with the request; SMTP down then up delivers once', async () => {
      const [requester, approver] = [await identityOf('requester'), await identityOf('approver')];
      const space = await spaceRequesterLacks(running);
      const { governance } = running.runtime;
      const request = await governance.requests.submit({
        requesterId: requester.id,
        itemId: space.id,
        permissions: ['view'],
        justification: 'Notes for the migration project live here.',
      });
      await until(async () => mailsTo(approver.email, /^Approval needed/).length > 0, 60_000);
      const [mail] = mailsTo(approver.email, /^Approval needed/);
      assert.ok(mail);
      assert.match(mail.subject, new RegExp(space.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(mail.text, /What: Grant .*\(view\)/);
      assert.match(mail.text, /For: \S+/);
      assert.match(mail.text, /Why: Notes for the migration project live here\./);
      const link = /Decide it here: (\S+)/.exec(mail.text)?.[1];
      assert.equal(link, `${base}/approvals`);

      const page = await browser.newPage();
      await signIn(page, base, 'approver', 'demo');
      await page.goto(link);
      assert.equal(new URL(page.url()).pathname, '/approvals');
      assert.ok((await page.locator(`[action*="${request.id}"], a[href*="${request.id}"]`).count()) > 0);
      await page.close();

      // The mail server goes down; the decision and the fulfillment still happen, their mails wait.
      await smtp.stop();
      await governance.approvals.decide({
        requestId: request.id,
        approverId: approver.id,
        decision: 'approved',
        reason: 'Fine for the project.',
      });
      await until(async () => {
        const current = await running.runtime.store.transaction((tx) => tx.requests.get(request.id));
        return current?.status === 'fulfilled';
      }, 60_000);
      await until(async () => (await running.runtime.queue.counts()).queued >= 2, 30_000);
      assert.equal(mailsTo(requester.email, /^(Approved|Done):/).length, 0);

      await smtp.start();
      await until(async () => mailsTo(requester.email, /^(Approved|Done):/).length === 2, 60_000);
      await until(async () => {
        const counts = await running.runtime.queue.counts();
        return counts.queued === 0 && counts.active === 0;
      }, 30_000);
      const approved = mailsTo(requester.email, /^Approved:/);
      const done = mailsTo(requester.email, /^Done:/);
      assert.equal(approved.length, 1, 'the approval mail arrives once');
      assert.equal(done.length, 1, 'the fulfilled mail arrives once');
      assert.match(approved[0]?.text ?? '', /Reason: Fine for the project\./);
      assert.match(done[0]?.text ?? '', new RegExp(`See it here: ${base}/requests/${request.id}`));
      assert.equal(mailsTo(approver.email, /^Approval needed/).length, 1, 'the approver was told once');
    });

    test('a launched campaign mails each reviewer once with a link to their items; reminder and escalation mail once though the sweep runs twice', async () => {
      const [requester, approver, admin] = [
        await identityOf('requester'),
        await identityOf('approver'),
        await identityOf('admin'),
      ];
      const spaceKey = await running.runtime.store.transaction(async (tx) => {
        const account = await tx.accounts.getByIdentity(requester.id);
        const held = account === undefined ? [] : await tx.assignments.listByAccount(account.key);
        return held.find((a) => a.kind === 'space')?.value.split(':')[0];
      });
      assert.ok(spaceKey, 'the demo requester holds a space permission directly');
      const asker: ReviewAsker = {
        actor: 'admin',
        administrator: true,
        auditor: false,
        identityId: admin.id,
      };
      const { governance } = running.runtime;
      const escalateAfterMs = 5_000;
      const draft = await governance.reviews.define(asker, {
        name: 'Mail review',
        scope: { spaces: [spaceKey], groups: [], risks: [], departments: [] },
        reviewers: { rule: 'named', named: [approver.id], fallback: admin.id },
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        undecided: 'keep',
        reminderAfterMs: 1,
        escalateAfterMs,
      });
      const { campaign } = await governance.reviews.launch(asker, draft.id);
      await governance.reviews.sweep();
      await governance.reviews.sweep();
      await idle();

      const progress = await governance.reviews.progress(asker, draft.id);
      const emailOf = new Map([
        [approver.id, approver.email],
        [admin.id, admin.email],
      ]);
      const usernameOf = new Map([
        [approver.id, 'approver'],
        [admin.id, 'admin'],
      ]);
      assert.ok(
        progress.some((p) => p.reviewerId === approver.id && p.total > 0),
        'the approver reviews',
      );
      const launchMails = smtp.received.filter((m) => m.subject.startsWith('Access review "Mail review": '));
      assert.equal(launchMails.length, progress.length, 'one launch mail per reviewer, nobody else');
      assert.equal(mailsTo(requester.email, /Mail review/).length, 0, 'the requester reviews nothing');

      const page = await browser.newPage();
      for (const { reviewerId, total, undecided } of progress) {
        const email = emailOf.get(reviewerId) ?? '';
        const [mail, ...more] = mailsTo(email, /^Access review "Mail review": /);
        assert.ok(mail && more.length === 0, `${reviewerId} is mailed once at launch`);
        assert.match(
          mail.subject,
          new RegExp(`: ${total} items? for you to review by \\d{4}-\\d\\d-\\d\\d$`),
        );
        assert.match(mail.text, /Deadline: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
        const reminders = mailsTo(email, /^Reminder: .*"Mail review"/);
        assert.equal(reminders.length, 1, `${reviewerId} is reminded once though the sweep ran twice`);
        assert.match(
          reminders[0]?.subject ?? '',
          new RegExp(`^Reminder: ${undecided} items? still to review`),
        );
        assert.match(
          reminders[0]?.text ?? '',
          new RegExp(`here: ${base}/reviews/${draft.id}\\?decision=undecided\\n`),
        );
        const link = /Review them here: (\S+)/.exec(mail.text)?.[1];
        assert.equal(link, `${base}/reviews/${draft.id}`);
        await signIn(page, base, usernameOf.get(reviewerId) ?? '', 'demo');
        await page.goto(link);
        await page.getByRole('heading', { name: 'Your items to review' }).waitFor();
        const shown = await page.locator('section[aria-labelledby="mine"] [role="status"]').textContent();
        assert.match(shown ?? '', new RegExp(` of ${total} `), "the link opens this reviewer's items");
        await signOut(page);
      }
      await page.close();

      // The approver's items, except those of the fallback themselves, go to the fallback: one mail counting them.
      const mine = await governance.reviews.items(asker, {
        campaignId: draft.id,
        reviewerId: approver.id,
        limit: 500,
      });
      const moving = mine.items.filter((i) => i.identityId !== admin.id).length;
      assert.ok(moving > 0);
      await until(() => Date.now() >= Date.parse(campaign.launchedAt ?? '') + escalateAfterMs, 30_000);
      await governance.reviews.sweep();
      await governance.reviews.sweep();
      await idle();
      const escalated = mailsTo(admin.email, /^Escalated to you: .*"Mail review"/);
      assert.equal(escalated.length, 1, 'the fallback is told once though the sweep ran twice');
      assert.match(escalated[0]?.subject ?? '', new RegExp(`^Escalated to you: ${moving} items? to review`));
      assert.match(
        escalated[0]?.text ?? '',
        /Reason: Their reviewers did not decide them within 5 seconds of the launch/,
      );
      assert.equal(mailsTo(approver.email, /^Escalated/).length, 0);
    });
  });
}
