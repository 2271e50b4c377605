import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** One mail as recorded: `sent` over SMTP, or `kept` in the outbox instead of being sent. */
export interface OutboxMail {
  key: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'sent' | 'kept';
  createdAt: string;
}

/** One page of the outbox, newest first; `nextCursor` names the last row shown. */
export interface OutboxPage {
  items: OutboxMail[];
  nextCursor: string | undefined;
}

/**
 * The mail record beside the core's ports (like `signIns`): the mail adapter asks `has` before
 * sending and `record`s after, so a notification job that runs twice sends its mail once.
 */
export interface MailOutbox {
  has(key: string): Promise<boolean>;
  /** Records a mail once per key; false when the key was already recorded. */
  record(mail: OutboxMail): Promise<boolean>;
  /** Newest first, keyset-paged on (created_at, key); `cursor` is the previous page's `nextCursor`. */
  page(options: { limit: number; cursor?: string | undefined }): Promise<OutboxPage>;
}

function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // A cursor that is not ours starts from the first page.
  }
  return undefined;
}

/** The mail outbox on a Kysely instance (autocommit, one statement per call). */
export function mailOutbox(db: Kysely<Database>): MailOutbox {
  return {
    async has(key) {
      const row = await db.selectFrom('mail_outbox').select('key').where('key', '=', key).executeTakeFirst();
      return row !== undefined;
    },
    async record(mail) {
      const result = await db
        .insertInto('mail_outbox')
        .values({
          key: mail.key,
          recipient: mail.recipient,
          subject: mail.subject,
          body: mail.body,
          status: mail.status,
          created_at: mail.createdAt,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async page({ limit, cursor }) {
      const after = decodeCursor(cursor);
      let query = db.selectFrom('mail_outbox').selectAll();
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', after[0]),
            eb.and([eb('created_at', '=', after[0]), eb('key', '<', after[1])]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('key', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map((row) => ({
        key: row.key,
        recipient: row.recipient,
        subject: row.subject,
        body: row.body,
        status: row.status === 'sent' ? ('sent' as const) : ('kept' as const),
        createdAt: row.created_at,
      }));
      const last = items[items.length - 1];
      const nextCursor =
        rows.length > limit && last !== undefined
          ? Buffer.from(JSON.stringify([last.createdAt, last.key])).toString('base64url')
          : undefined;
      return { items, nextCursor };
    },
  };
}
