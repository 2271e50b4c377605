import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { freePort, spaceRequesterLacks, startDemoServer } from '../server/demo-server.ts';
import { launchChromium, signIn } from './browser.ts';
import { createSmtpSink } from './smtp-sink.ts';

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

describe('notification mail through a real SMTP server', () => {
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
});
