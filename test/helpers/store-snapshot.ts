import { createHash } from 'node:crypto';
import type { Store } from '../../src/core/index.ts';

/**
 * A digest of what the store holds (identities, accounts, catalog, requests, approvals, the audit
 * log and its length), whole and per table: two equal snapshots mean nothing was written in between.
 */
export async function storeSnapshot(
  store: Store,
): Promise<{ auditEvents: number; digest: string; parts: string[] }> {
  return store.transaction(async (tx) => {
    const audit = await tx.audit.list();
    const requests = await tx.requests.list();
    const approvals = await Promise.all(requests.map((r) => tx.approvals.listByRequest(r.id)));
    const tables = [
      await tx.identities.list(),
      await tx.accounts.list(),
      await tx.catalog.list(),
      requests,
      approvals,
      audit.length,
    ];
    const parts = tables.map((table) => createHash('sha256').update(JSON.stringify(table)).digest('hex'));
    return {
      auditEvents: audit.length,
      digest: createHash('sha256').update(parts.join()).digest('hex'),
      parts,
    };
  });
}
