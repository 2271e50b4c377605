import { auditSubjectParts, type Identity, type Store } from '../../core/index.ts';
import type { AuditFilter } from './audit.ts';

/** The audit filters as a person types them: any case, a name or email for a person, dates without times. */
export interface TypedAuditFilter {
  type?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** The filter the store can run, what each typed person resolved to, and what could not be used. */
export interface ResolvedAuditFilter {
  filter: AuditFilter;
  /** "actor: Mia Manager (M1)": how a typed name or email was read, to say so above the table. */
  readAs: string[];
  problems: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A typed date or time as the ISO instant the store compares with (UTC): a day alone is its first
 * millisecond for `since` and its last for `until`; undefined when it is no real date.
 */
export function instantOf(text: string, end: 'since' | 'until'): string | undefined {
  const day = DATE.exec(text);
  if (day !== null) {
    const iso = `${text}T${end === 'since' ? '00:00:00.000' : '23:59:59.999'}Z`;
    const parsed = new Date(iso);
    // 2026-02-31 parses in some engines by rolling over; a real day reads back the same.
    return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text ? undefined : iso;
  }
  const time = DATE_TIME.exec(text);
  if (time === null) return undefined;
  const [, date, hm, seconds, , zone] = time;
  const iso = `${date}T${hm}${seconds ?? (end === 'since' ? ':00' : ':59')}${zone ?? 'Z'}`;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Without a zone the time is UTC, so a real day reads back the same (2026-02-31 would roll over).
  if (zone === undefined && parsed.toISOString().slice(0, 10) !== date) return undefined;
  return parsed.toISOString();
}

/** A person from an id, an email or a name (one match only); the matches when a name is ambiguous. */
async function personFrom(store: Store, text: string): Promise<Identity | Identity[] | undefined> {
  return store.transaction(async (tx) => {
    const byId = (await tx.identities.get(text)) ?? (await tx.identities.get(text.toUpperCase()));
    if (byId !== undefined) return byId;
    if (text.includes('@')) return tx.identities.getByEmail(text.toLowerCase());
    const found = await tx.identities.page({ q: text, limit: 4 });
    if (found.items.length === 0) return undefined;
    return found.items.length === 1 ? found.items[0] : found.items;
  });
}

const nameOf = (i: Identity) => `${i.firstName} ${i.lastName}`.trim();

/** How a person filter was read, or why it could not be, for one field. */
async function personFilter(
  store: Store,
  field: 'actor' | 'subject',
  text: string,
  out: ResolvedAuditFilter,
): Promise<string | undefined> {
  const found = await personFrom(store, text);
  if (found === undefined) return undefined;
  if (Array.isArray(found)) {
    const names = found.slice(0, 3).map((i) => `${nameOf(i)} (${i.id})`);
    out.problems.push(
      `${field === 'actor' ? 'Actor' : 'Subject'}: “${text}” matches several people (${names.join(', ')}${found.length > 3 ? ', …' : ''}); type an email or an id.`,
    );
    return '';
  }
  out.readAs.push(`${field}: ${nameOf(found)} (${found.id})`);
  return found.id;
}

/**
 * Reads the audit filters forgivingly: the type in any case; an actor as an id, an email or a name;
 * a subject as written (`request:req_…`), a bare request id, or a person; dates as a day or a time
 * (a bad one, or an end before the start, is named and not used).
 */
export async function resolveAuditFilter(
  store: Store,
  typed: TypedAuditFilter,
): Promise<ResolvedAuditFilter> {
  const out: ResolvedAuditFilter = { filter: {}, readAs: [], problems: [] };
  const clean = (v: string | undefined) => (v ?? '').trim();
  const type = clean(typed.type).toLowerCase();
  if (type !== '') out.filter.type = type;
  const actor = clean(typed.actor);
  if (actor !== '') {
    const system = actor.toLowerCase() === 'system';
    const id = system ? undefined : await personFilter(store, 'actor', actor, out);
    if (id !== '') out.filter.actor = system ? 'system' : (id ?? actor);
  }
  const subject = clean(typed.subject);
  if (subject !== '') {
    if (/^req_/i.test(subject)) out.filter.subject = `request:${subject}`;
    else if (subject.includes(':')) {
      const { kind, id } = auditSubjectParts(subject);
      out.filter.subject = `${kind.toLowerCase()}:${id}`;
    } else {
      const id = await personFilter(store, 'subject', subject, out);
      if (id !== '') out.filter.subject = id === undefined ? subject : `identity:${id}`;
    }
  }
  for (const end of ['since', 'until'] as const) {
    const text = clean(typed[end]);
    if (text === '') continue;
    const instant = instantOf(text, end);
    if (instant === undefined) {
      out.problems.push(
        `${end === 'since' ? 'Since' : 'Until'}: “${text}” is not a date; write a day like 2026-01-31 or a time like 2026-01-31T14:30 (UTC).`,
      );
    } else out.filter[end] = instant;
  }
  if (
    out.filter.since !== undefined &&
    out.filter.until !== undefined &&
    out.filter.since > out.filter.until
  ) {
    out.problems.push('Until: the end is before the start; swap them.');
    delete out.filter.until;
  }
  return out;
}
