import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AuditEvent, auditSubjectParts, type Identity, type Store } from '../../core/index.ts';
import { auditPage } from '../views/audit.ts';
import { resolveAuditFilter } from '../views/audit-filter.ts';
import { cursorParam, emptyResult, href, pager, when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';
import { problemsAlert, readListQuery, withCursorProblem } from './list-query.ts';
import type { PageKit } from './page-kit.ts';

const READERS = ['administrator', 'auditor'] as const;
const auditQuery = z.object({
  type: z.string().max(100, 'at most 100 characters').optional(),
  actor: z.string().max(200, 'at most 200 characters').optional(),
  subject: z.string().max(300, 'at most 300 characters').optional(),
  since: z.string().max(40, 'at most 40 characters').optional(),
  until: z.string().max(40, 'at most 40 characters').optional(),
  cursor: cursorParam,
});
const LIMITS = { type: 100, actor: 200, subject: 300, since: 40, until: 40 } as const;

/** A subject as a link to the page that shows it (a request, a person's account, a catalog item), else as text. */
function subjectCell(subject: string, people: Map<string, Identity>): SafeHtml {
  const { kind, id } = auditSubjectParts(subject);
  if (kind === 'request' && id !== '')
    return html`<a href="/requests/${encodeURIComponent(id)}">${subject}</a>`;
  if (kind === 'catalog' && id !== '') return html`<a href="${href('/catalog/item', { id })}">${subject}</a>`;
  if (kind === 'identity' && id !== '') {
    const person = people.get(id);
    return html`${person === undefined ? '' : html`${typed(`${person.firstName} ${person.lastName}`)} `}<a href="/admin/identities/${encodeURIComponent(id)}" class="muted">${id}</a>`;
  }
  if (kind === 'aggregation') return html`<a href="/admin/aggregation">${subject}</a>`;
  if (kind === 'policy') return html`<a href="/admin/policy">${subject}</a>`;
  return html`${subject}`;
}

/** The actor with their name beside the id when the id is a person's. */
function actorCell(actor: string, people: Map<string, Identity>): SafeHtml {
  const person = people.get(actor);
  if (person === undefined) return html`${actor}`;
  return html`${typed(`${person.firstName} ${person.lastName}`)} <a href="/admin/identities/${encodeURIComponent(actor)}" class="muted">(${actor})</a>`;
}

/** The event's data folded: a one-line summary of its first fields, the whole of it on opening. */
function dataCell(data: AuditEvent['data']): SafeHtml {
  const entries = Object.entries(data ?? {});
  if (entries.length === 0) return html``;
  const summary = entries
    .slice(0, 2)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ')
    .slice(0, 80);
  return html`<details><summary>${typed(summary)}${entries.length > 2 || summary.length >= 80 ? '…' : ''}</summary><pre>${typed(JSON.stringify(data, null, 2))}</pre></details>`;
}

/** The audit log in people's words: filters that forgive, names beside ids, subjects as links, data folded. */
export function registerAuditPage(app: FastifyInstance, deps: { kit: PageKit; store: Store }): void {
  const { kit, store } = deps;
  app.get('/admin/audit', async (request, reply) => {
    kit.require(request, READERS);
    const { data, typed: asTyped, problems } = readListQuery(auditQuery, request.query);
    const resolved = await resolveAuditFilter(store, data);
    problems.push(...resolved.problems);
    const { filter } = resolved;
    const { page, cursor } = await withCursorProblem(problems, data.cursor, (at) =>
      auditPage(store, filter, { cursor: at, limit: 50 }),
    );
    const ids = new Set<string>();
    for (const e of page.items) {
      ids.add(e.actor);
      const subject = auditSubjectParts(e.subject);
      if (subject.kind === 'identity') ids.add(subject.id);
    }
    const people = new Map(
      (await store.transaction((tx) => tx.identities.getMany([...ids]))).map((i) => [i.id, i]),
    );
    const field = (id: keyof typeof LIMITS, label: string, placeholder: string, help: string) =>
      html`<div><label for="${id}">${label}</label><input id="${id}" name="${id}" maxlength="${LIMITS[id]}" value="${asTyped[id] ?? ''}" placeholder="${placeholder}" aria-describedby="${id}-help"><span id="${id}-help" class="muted small">${help}</span></div>`;
    const params = {
      type: data.type,
      actor: data.actor,
      subject: data.subject,
      since: data.since,
      until: data.until,
    };
    return kit.send(
      request,
      reply.code(problems.length === 0 ? 200 : 400),
      'Audit log',
      html`${problemsAlert(problems)}
<form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit log">
${field('type', 'Type', 'request.created', 'any case')}${field('actor', 'Actor', 'a name, email or id', 'who did it')}${field('subject', 'Subject', 'req_… or a name', 'what it was about')}
${field('since', 'Since', '2026-01-01', 'a day or a time, UTC')}${field('until', 'Until', '2026-12-31T23:59', 'inclusive')}
<div><button type="submit">Filter</button></div></form>
${resolved.readAs.length === 0 ? '' : html`<p class="muted" role="status">Read as ${resolved.readAs.map((r, i) => html`${i === 0 ? '' : '; '}${typed(r)}`)}.</p>`}
<p><a href="${href('/api/v1/audit.csv', { ...filter })}" download>Export these events as CSV</a></p>
<div class="table-wrap"><table id="audit"><caption>Audit events, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Type</th><th scope="col">Subject</th><th scope="col">Data</th></tr></thead>
<tbody>${page.items.map(
        (e) =>
          html`<tr><td>${e.seq}</td><td>${when(e.at)}</td><td>${actorCell(e.actor, people)}</td><td>${e.type}</td><td>${subjectCell(e.subject, people)}</td><td>${dataCell(e.data)}</td></tr>`,
      )}</tbody></table></div>
${
  page.items.length === 0
    ? emptyResult(
        'events',
        [
          ['type', filter.type],
          ['actor', filter.actor],
          ['subject', filter.subject],
          ['since', filter.since],
          ['until', filter.until],
        ],
        '/admin/audit',
      )
    : ''
}
${pager('/admin/audit', params, page, cursor)}`,
    );
  });
}
