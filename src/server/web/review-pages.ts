import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CampaignDefinition, DomainError, type Governance, type Store } from '../../core/index.ts';
import { reviewAskerOf } from '../views/reviews.ts';
import { cursorParam, pager, selectField, when } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageKit } from './page-kit.ts';
import { registerReviewDetailPages } from './review-detail.ts';
import { applyPick, pickStepOf, reviewerPicker } from './reviewer-picker.ts';

const CAMPAIGN_PAGE = 25;
const RULES: ReadonlyArray<[string, string]> = [
  ['manager', "The person's manager"],
  ['owner', "The item's owner"],
  ['space_admins', "The space's administrators"],
  ['named', 'Named people (in turn)'],
];
const FIELDS = [
  'name',
  'spaces',
  'groups',
  'risks',
  'departments',
  'rule',
  'named',
  'fallback',
  'deadline',
  'undecided',
  'find',
] as const;
type Typed = Record<(typeof FIELDS)[number], string>;

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const defineForm = z.object({
  name: z.string().trim().min(1, 'a campaign needs a name').max(200),
  spaces: z.string().max(4000).default(''),
  groups: z.string().max(4000).default(''),
  risks: z.union([z.enum(['low', 'medium', 'high']), z.array(z.enum(['low', 'medium', 'high']))]).optional(),
  departments: z.string().max(4000).default(''),
  rule: z.enum(['manager', 'owner', 'space_admins', 'named']),
  named: z.string().max(4000).default(''),
  fallback: z.string().trim().min(1, 'name a fallback reviewer (employee id)').max(200),
  deadline: z.iso.date('the deadline is a date (YYYY-MM-DD)'),
  undecided: z.enum(['keep', 'revoke']),
});

/** What the person typed, kept so a refused form comes back filled in. */
function typedOf(body: unknown): Typed {
  const source = (body ?? {}) as Record<string, unknown>;
  const typed = {} as Typed;
  for (const field of FIELDS) {
    const value = source[field];
    typed[field] = Array.isArray(value)
      ? value.join(' ')
      : typeof value === 'string'
        ? value.slice(0, 4000)
        : '';
  }
  return typed;
}

function definitionOf(form: z.output<typeof defineForm>): CampaignDefinition {
  return {
    name: form.name,
    scope: {
      spaces: list(form.spaces),
      groups: list(form.groups),
      risks: [form.risks ?? []].flat(),
      departments: form.departments
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    },
    reviewers: { rule: form.rule, named: list(form.named), fallback: form.fallback },
    deadline: `${form.deadline}T23:59:59.000Z`,
    undecided: form.undecided,
    reminderAfterMs: null,
    escalateAfterMs: null,
  };
}

function defineSection(csrf: string, typed: Partial<Typed>, picker: SafeHtml, error?: string) {
  const v = (field: keyof Typed) => typed[field] ?? '';
  const risks = list(v('risks'));
  return html`<section aria-labelledby="define"><h2 id="define">Define a campaign</h2>
${error === undefined ? '' : html`<p class="error" role="alert">${error}</p>`}
<form method="post" action="/reviews">
<input type="hidden" name="_csrf" value="${csrf}">
<p><label for="name">Campaign name</label><br><input id="name" name="name" value="${v('name')}" required maxlength="200"></p>
<fieldset><legend>Scope (empty: everything)</legend>
<p><label for="spaces">Space keys</label><br><input id="spaces" name="spaces" value="${v('spaces')}"></p>
<p><label for="groups">Group ids</label><br><input id="groups" name="groups" value="${v('groups')}"></p>
<p>Risk: ${(['low', 'medium', 'high'] as const).map((r) => html`<label><input type="checkbox" name="risks" value="${r}"${risks.includes(r) ? html` checked` : ''}> ${r}</label> `)}</p>
<p><label for="departments">Departments (comma-separated)</label><br><input id="departments" name="departments" value="${v('departments')}"></p>
</fieldset>
<fieldset><legend>Reviewers</legend>
${selectField('rule', 'Who reviews', RULES, v('rule'))}
<p><label for="named">Named reviewers (employee ids)</label><br><input id="named" name="named" value="${v('named')}"></p>
<p><label for="fallback">Fallback reviewer (employee id)</label><br><input id="fallback" name="fallback" value="${v('fallback')}" required></p>
${picker}
</fieldset>
<p><label for="deadline">Deadline</label><br><input id="deadline" name="deadline" type="date" value="${v('deadline')}" required></p>
${selectField(
  'undecided',
  'Undecided at the deadline',
  [
    ['keep', 'Keep the access'],
    ['revoke', 'Revoke the access'],
  ],
  v('undecided'),
)}
<p><button type="submit">Define campaign</button></p>
</form></section>`;
}

/** Access review pages: the campaign list (and, for administrators, the form that defines one). */
export function registerReviewPages(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;
  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { typed: Partial<Typed>; error?: string; status?: number } = { typed: {} },
  ) => {
    const principal = kit.require(request, 'signed-in');
    const asker = await reviewAskerOf(store, principal);
    const { cursor } = z.object({ cursor: cursorParam }).parse(request.query);
    const page = await governance.reviews.list(asker, { limit: CAMPAIGN_PAGE, cursor });
    const csrf = kit.contextFor(request, reply).csrf;
    const picker = asker.administrator
      ? await reviewerPicker(store, {
          named: form.typed.named ?? '',
          fallback: form.typed.fallback ?? '',
          find: form.typed.find ?? '',
        })
      : html``;
    reply.code(form.status ?? (form.error === undefined ? 200 : 422));
    return kit.send(
      request,
      reply,
      'Access reviews',
      html`${page.items.length === 0 ? html`<p role="status">No campaigns${asker.administrator || asker.auditor ? '' : ' with items for you to review'}.</p>` : ''}
<div class="table-wrap"><table><caption>Campaigns, newest first</caption>
<thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col">Deadline</th><th scope="col">Undecided items</th></tr></thead>
<tbody>${page.items.map(
        (c) =>
          html`<tr><td><a href="/reviews/${c.id}">${c.name}</a></td><td>${c.status}</td><td>${when(c.deadline)}</td><td>${c.undecided === 'keep' ? 'kept' : 'revoked'}</td></tr>`,
      )}</tbody></table></div>
${pager('/reviews', {}, page, cursor)}
${asker.administrator ? defineSection(csrf, form.typed, picker, form.error) : ''}`,
    );
  };

  app.get('/reviews', (request, reply) => renderList(request, reply));

  app.post('/reviews', async (request, reply) => {
    const principal = kit.require(request, ['administrator']);
    const typed = typedOf(request.body);
    // A picker button (find people, name one, make one the fallback) comes back to the form, nothing defined.
    const step = pickStepOf(request.body);
    if (step !== undefined) return renderList(request, reply, { typed: applyPick(typed, step), status: 200 });
    const parsed = defineForm.safeParse(request.body);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return renderList(request, reply, { typed, error, status: 400 });
    }
    try {
      const campaign = await governance.reviews.define(
        await reviewAskerOf(store, principal),
        definitionOf(parsed.data),
      );
      return kit.redirect(
        reply,
        `/reviews/${campaign.id}`,
        `Campaign "${campaign.name}" defined: launch it when ready.`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details?.field === 'string' ? `${error.details.field}: ` : '';
      return renderList(request, reply, { typed, error: `${field}${error.message}` });
    }
  });

  registerReviewDetailPages(app, deps);
}
