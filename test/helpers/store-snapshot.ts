import { createHash } from 'node:crypto';
import type { Store } from '../../src/core/index.ts';

/**
 * A digest of what the store holds (identities, accounts, catalog, requests, approvals, the audit
 * log and its length): two equal snapshots mean nothing was written in between.
 */
export async function storeSnapshot(store: Store): Promise<{ auditEvents: number; digest: string }> {
  return store.transaction(async (tx) => {
    const audit = await tx.audit.list();
    const requests = await tx.requests.list();
    const approvals = await Promise.all(requests.map((r) => tx.approvals.listByRequest(r.id)));
    const parts = [
      await tx.identities.list(),
      await tx.accounts.list(),
      await tx.catalog.list(),
      requests,
      approvals,
      audit.length,
    ];
    return {
      auditEvents: audit.length,
      digest: createHash('sha256').update(JSON.stringify(parts)).digest('hex'),
    };
  });
}
