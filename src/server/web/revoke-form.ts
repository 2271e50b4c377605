import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseSpacePermissionValue } from '../../connector/index.ts';
import { DomainError, type Governance, type Identity, mayRequestFor, type Store } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { askerOf, personByEmail } from '../views/beneficiary.ts';
import { type CatalogRow, catalogItem } from '../views/catalog.ts';
import { type AccessRow, heldInItem } from '../views/directory.ts';
import { requireIdentity } from '../views/people.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageKit } from './page-kit.ts';

const REQUESTERS = ['requester', 'administrator'] as const;
const revokeQuery = z.object({
  item: z.string().min(1).max(300),
  person: z.string().max(320).default(''),
  option: z.string().max(40).default(''),
});
const revokeForm = z.object({
  itemId: z.string().min(1).max(300),
  permissions: z.union([z.string().max(40), z.array(z.string().max(40)).max(20)]).optional(),
  justification: z.string().max(2000).default(''),
  beneficiaryEmail: z.string().max(320).default(''),
});

interface RevokeState {
  itemId: string;
  person: string;
  ticked: string[];
  justification?: string;
  error?: string;
  status?: number;
}

/** The person a removal is for: the principal, or someone `mayRequestFor` allows; a refusal reads the same whether or not they exist. */
async function whoseAccess(
  store: Store,
  principal: Principal,
  email: string,
): Promise<{ person: Identity | 'me' } | { refusal: string }> {
  const wanted = email.trim().toLowerCase();
  if (wanted === '' || wanted === principal.identityEmail?.toLowerCase()) return { person: 'me' };
  const person = await personByEmail(store, wanted);
  if (person !== undefined && mayRequestFor(await askerOf(store, principal), person)) return { person };
  return {
    refusal: hasRole(principal, 'administrator')
      ? `Nobody has the email ${wanted}.`
      : `Nobody among your active direct reports has the email ${wanted}.`,
  };
}

function optionOf(row: AccessRow): string | undefined {
  return parseSpacePermissionValue(row.value)?.option.id;
}

/** The fields of the removal form: what is held directly, ticked as asked, with the View rule said plainly. */
function removalFields(item: CatalogRow, direct: AccessRow[], state: RevokeState, csrf: string): SafeHtml {
  const what =
    item.type === 'group'
      ? html`<p>Removes the membership of the group ${item.name}, and what the group gives.</p>`
      : html`<fieldset><legend>Permissions to remove in ${item.name}</legend>
${direct.map((row) => {
  const id = optionOf(row) ?? row.value;
  return html`<div><input type="checkbox" id="rm-${id}" name="permissions" value="${id}"${state.ticked.includes(id) ? html` checked` : ''}> <label for="rm-${id}">${row.label}</label></div>`;
})}
<p id="view-rule" class="muted">Removing View removes every permission in this space, as Confluence does; the other permissions stay unless you tick them.</p></fieldset>`;
  return html`<form method="post" action="/revoke" id="revoke-form">
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="itemId" value="${item.id}">
  <input type="hidden" name="beneficiaryEmail" value="${state.person}">
  ${what}
  <p><label for="justification">Why</label><br>
  <textarea id="justification" name="justification" rows="3" cols="60" required>${state.justification ?? ''}</textarea></p>
  <p><button type="submit">Request removal</button></p>
</form>`;
}

/** The removal ("revoke") form for one group or space, for oneself or (managers, administrators) someone else. */
export function registerRevokeForm(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, state: RevokeState) => {
    const principal = kit.require(request, REQUESTERS);
    const item = await catalogItem(store, state.itemId);
    const whose = await whoseAccess(store, principal, state.person);
    const csrf = kit.contextFor(request, reply).csrf;
    const title = `Remove access: ${item.name}`;
    if ('refusal' in whose) {
      return kit.send(
        request,
        reply.code(403),
        title,
        html`<p class="error" role="alert">${whose.refusal}</p>`,
      );
    }
    const person = whose.person;
    const email = person === 'me' ? principal.identityEmail : person.email;
    const held = await heldInItem(store, { identityEmail: email }, item);
    const direct = held.filter((row) => row.via === 'direct');
    const through = held.filter((row) => row.via !== 'direct');
    const who = person === 'me' ? 'You hold' : `${person.firstName} ${person.lastName} holds`;
    const code = state.error === undefined ? 200 : (state.status ?? 422);
    return kit.send(
      request,
      reply.code(code),
      title,
      html`${state.error === undefined ? '' : html`<p class="error" role="alert">${state.error}</p>`}
<p>${item.type === 'space' ? 'Space' : 'Group'} <code>${item.key}</code>.</p>
<p id="held">${who} here directly: ${direct.length === 0 ? 'nothing' : direct.map((r) => r.label).join('; ')}.</p>
${through.length === 0 ? '' : html`<p class="muted">Held through a group (removed by leaving the group): ${through.map((r) => `${r.label} (${r.via})`).join('; ')}.</p>`}
${direct.length === 0 ? '' : removalFields(item, direct, { ...state, person: person === 'me' ? '' : person.email }, csrf)}
<p class="muted">The approval workflow decides as for a request; once approved, Spacegate removes exactly this in Confluence and checks it by reading back.</p>`,
    );
  };

  app.get('/revoke', async (request, reply) => {
    kit.require(request, REQUESTERS);
    const query = revokeQuery.parse(request.query);
    const ticked = query.option === '' ? [] : [query.option];
    return render(request, reply, { itemId: query.item, person: query.person, ticked });
  });

  app.post('/revoke', async (request, reply) => {
    const principal = kit.require(request, REQUESTERS);
    const form = revokeForm.parse(request.body);
    const permissions = [form.permissions ?? []].flat();
    const state = {
      itemId: form.itemId,
      person: form.beneficiaryEmail,
      ticked: permissions,
      justification: form.justification,
    };
    const me = await requireIdentity(store, principal);
    const whose = await whoseAccess(store, principal, form.beneficiaryEmail);
    if ('refusal' in whose) return render(request, reply, { ...state, error: whose.refusal, status: 403 });
    try {
      const created = await governance.requests.submit({
        kind: 'revoke',
        requesterIsAdministrator: hasRole(principal, 'administrator'),
        requesterId: me.id,
        ...(whose.person === 'me' ? {} : { beneficiaryId: whose.person.id }),
        itemId: form.itemId,
        permissions,
        justification: form.justification,
      });
      return kit.redirect(reply, `/requests/${created.id}`, 'Removal requested.');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return render(request, reply, { ...state, error: error.message });
    }
  });
}
