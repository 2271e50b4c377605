import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MailOutbox } from '../../store/index.ts';
import { pager, when } from './components.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';

const outboxQuery = z.object({ cursor: z.string().max(400).optional() });

/** `/admin/outbox`: every notification mail, newest first; in demo mode the mail that would have been sent. */
export function registerOutboxPage(app: FastifyInstance, deps: { kit: PageKit; outbox: MailOutbox }): void {
  const { kit } = deps;
  app.get('/admin/outbox', async (request, reply) => {
    kit.require(request, ['administrator']);
    const parsed = outboxQuery.safeParse(request.query);
    const cursor = parsed.success ? parsed.data.cursor : undefined;
    const page = await deps.outbox.page({ limit: 50, cursor });
    const rows = page.items.map(
      (
        mail,
      ) => html`<tr><td>${when(mail.createdAt)}</td><td>${mail.recipient}</td><td>${mail.status === 'sent' ? 'Sent' : 'Kept (not sent)'}</td>
<td><details><summary>${mail.subject}</summary><pre style="white-space:pre-wrap">${mail.body}</pre></details></td></tr>`,
    );
    return kit.send(
      request,
      reply,
      'Outbox',
      html`<p>Notification mail to approvers, requesters and reviewers. Without SMTP configured (demo mode) it is kept here instead of being sent.</p>
${
  rows.length === 0
    ? html`<p>No mail yet: mail is written when a request needs approval, is decided, fulfilled or fails, and when an access review is launched, reminded, escalated or near its deadline.</p>`
    : html`<table><caption>Mail, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Subject and text</th></tr></thead>
<tbody>${rows}</tbody></table>`
}
${pager('/admin/outbox', {}, { items: page.items, nextCursor: page.nextCursor ?? null }, cursor)}`,
    );
  });
}
