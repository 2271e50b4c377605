import type { AuditEvent, Page, PageRequest, Store } from '../../core/index.ts';

/** Filters for the audit log: by type, actor, subject (exact) and time range (ISO, inclusive). */
export interface AuditFilter {
  type?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const EXPORT_PAGE = 1000;

/** Every audit event matching the filter, newest first, read page by page (for the CSV export and a request's history). */
export async function findAuditEvents(store: Store, filter: AuditFilter): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await auditPage(store, filter, { limit: EXPORT_PAGE, cursor });
    events.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return events;
}

/** One page of matching audit events, newest first. */
export async function auditPage(
  store: Store,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEvent>> {
  const query = {
    ...page,
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.subject ? { subject: filter.subject } : {}),
    ...(filter.since ? { since: filter.since } : {}),
    ...(filter.until ? { until: filter.until } : {}),
  };
  return store.transaction((tx) => tx.audit.page(query));
}

/** One CSV cell: quoted when needed, formula-looking text defused. */
export function csvCell(value: string): string {
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
