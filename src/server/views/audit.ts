import type { AuditEvent, Store } from '../../core/index.ts';
import { paginate } from '../http/route.ts';

/** Filters for the audit log: by type, actor, subject (exact) and time range (ISO, inclusive). */
export interface AuditFilter {
  type?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** Audit events matching the filter, newest first. */
export async function findAuditEvents(store: Store, filter: AuditFilter): Promise<AuditEvent[]> {
  const events = await store.transaction((tx) =>
    tx.audit.list({
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.subject ? { subject: filter.subject } : {}),
    }),
  );
  return events
    .filter((e) => !filter.actor || e.actor === filter.actor)
    .filter((e) => !filter.since || e.at >= filter.since)
    .filter((e) => !filter.until || e.at <= filter.until)
    .reverse();
}

/** One page of matching audit events. */
export async function auditPage(store: Store, filter: AuditFilter, page: { offset: number; limit: number }) {
  return paginate(await findAuditEvents(store, filter), page);
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The events as CSV (RFC 4180), with formula-looking cells defused for spreadsheets. */
export function auditCsv(events: ReadonlyArray<AuditEvent>): string {
  const lines = ['seq,at,actor,type,subject,data'];
  for (const e of events) {
    lines.push(
      [String(e.seq), e.at, e.actor, e.type, e.subject, JSON.stringify(e.data)].map(csvCell).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
