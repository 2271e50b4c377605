import type { AuditEvent, NoticeRef } from '../model.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { mergeNotices, noticeKey, noticesFor } from './notification-rules.ts';

/**
 * The store as the services see it, with one addition: each audit event a transaction appends is
 * passed to the notification rules, and the mail jobs they name are enqueued in that same
 * transaction (keyed per notice, one per key in the transaction), so a change and its mail
 * commit or roll back together, once.
 */
export function notifyingStore(store: Store): Store {
  return {
    get kind() {
      return store.kind;
    },
    close: () => store.close(),
    transaction: (fn) =>
      store.transaction(async (tx) => {
        const events: Array<Omit<AuditEvent, 'seq'>> = [];
        const audit: StoreTx['audit'] = {
          append: (event) => {
            events.push(event);
            return tx.audit.append(event);
          },
          list: (filter) => tx.audit.list(filter),
          page: (query) => tx.audit.page(query),
        };
        const result = await fn({ ...tx, audit });
        const notices: NoticeRef[] = [];
        for (const event of events) notices.push(...(await noticesFor(tx, event)));
        for (const notice of mergeNotices(notices)) {
          await tx.jobs.enqueue({ key: noticeKey(notice), payload: { kind: 'notification', notice } });
        }
        return result;
      }),
  };
}
