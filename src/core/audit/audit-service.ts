import type { AuditEvent } from '../model.ts';
import type { Store } from '../ports/store.ts';

/** Reading the audit log, for auditors: by subject (`request:<id>`, `identity:<id>`), type, or after a sequence number. */
export interface AuditService {
  list(filter?: { subject?: string; type?: string; afterSeq?: number }): Promise<AuditEvent[]>;
}

/** Creates the audit reader; the log has no write path here (events are written with their change). */
export function createAuditService(deps: { store: Store }): AuditService {
  return { list: (filter) => deps.store.transaction((tx) => tx.audit.list(filter)) };
}
