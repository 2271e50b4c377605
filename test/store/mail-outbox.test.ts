import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OutboxMail } from '../../src/store/index.ts';
import { freshStore, STORE_KINDS } from './fresh-store.ts';

const mail = (i: number, createdAt: string): OutboxMail => ({
  key: `mail:approval.assigned:req_${i}:0:E${i}`,
  recipient: `person${i}@example.com`,
  subject: `Approval needed ${i}`,
  body: `Request req_${i} waits for you.`,
  status: i % 2 === 0 ? 'sent' : 'kept',
  createdAt,
});

/** The mail record both engines keep: once per key, newest first, keyset pages that tie on time. */
for (const kind of STORE_KINDS) {
  describe(`mail outbox: ${kind}`, () => {
    let opened: Awaited<ReturnType<typeof freshStore>>;
    // Seven mails, three of them in the same millisecond, so the key breaks the tie.
    const mails = [
      mail(1, '2026-12-01T10:00:00.000Z'),
      mail(2, '2026-12-01T10:00:01.000Z'),
      mail(3, '2026-12-01T10:00:01.000Z'),
      mail(4, '2026-12-01T10:00:01.000Z'),
      mail(5, '2026-12-01T10:00:02.000Z'),
      mail(6, '2026-12-01T10:00:03.000Z'),
      mail(7, '2026-12-01T10:00:04.000Z'),
    ];
    before(async () => {
      opened = await freshStore(kind);
    });
    after(async () => opened.dispose());

    test('a key is recorded once: the second record of it is refused and changes nothing', async () => {
      const first = mails[0] as OutboxMail;
      assert.equal(await opened.outbox.has(first.key), false);
      assert.equal(await opened.outbox.record(first), true);
      assert.equal(await opened.outbox.record({ ...first, subject: 'a second send' }), false);
      assert.equal(await opened.outbox.has(first.key), true);
      const page = await opened.outbox.page({ limit: 10 });
      assert.deepEqual(
        page.items.map((m) => m.subject),
        [first.subject],
      );
    });

    test('pages walk every mail once, newest first, ties broken by key', async () => {
      for (const m of mails.slice(1)) assert.equal(await opened.outbox.record(m), true);
      const seen: OutboxMail[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await opened.outbox.page({ limit: 2, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== undefined && pages < 10);
      assert.equal(pages, 4);
      const expected = [...mails].sort(
        (a, b) => b.createdAt.localeCompare(a.createdAt) || b.key.localeCompare(a.key),
      );
      assert.deepEqual(seen, expected);
    });
  });
}
