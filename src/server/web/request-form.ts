import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Asker, Governance, Identity, Store } from '../../core/index.ts';
import { DomainError, mayRequestFor } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import {
  askerOf,
  beneficiaryIdFor,
  findPeople,
  personByEmail,
  requestScopeOf,
} from '../views/beneficiary.ts';
import { type CatalogRow, catalogItem } from '../views/catalog.ts';
import { heldInItem } from '../views/directory.ts';
import { requireIdentity } from '../views/people.ts';
import {
  chosenPerson,
  FOR_MYSELF,
  type ForChoice,
  forChooser,
  heldSentence,
  PEOPLE_PAGE_SIZE,
  peopleResults,
} from './beneficiary-picker.ts';
import { catalogSettingsForm } from './catalog-admin.ts';
import { cursorParam, risk } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageKit } from './page-kit.ts';
import { requestFields, type SubmittedValues } from './request-fields.ts';

const REQUESTERS = ['requester', 'administrator'] as const;
const itemQuery = z.object({
  id: z.string().min(1),
  for: z.enum(['self', 'other']).optional().catch(undefined),
  who: z.string().max(200).default(''),
  person: z.string().max(320).default(''),
  cursor: cursorParam,
});
const requestForm = z.object({
  itemId: z.string().min(1),
  permissions: z.union([z.string(), z.array(z.string())]).optional(),
  justification: z.string().max(2000, 'at most 2,000 characters'),
  endDate: z.string().max(20).optional(),
  beneficiaryEmail: z.string().max(320).optional(),
  who: z.string().max(200).default(''),
});

/** What was typed into a form that failed its schema, kept so the form can show it again. */
function typedForm(body: unknown): { itemId: string; beneficiaryEmail: string; values: SubmittedValues } {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = fields[name];
    return typeof value === 'string' ? value : '';
  };
  const permissions = [fields.permissions ?? []].flat().filter((p): p is string => typeof p === 'string');
  return {
    itemId: text('itemId').slice(0, 500),
    beneficiaryEmail: text('beneficiaryEmail').slice(0, 320),
    values: { permissions, justification: text('justification'), endDate: text('endDate').slice(0, 20) },
  };
}

/** What the form shows: the item, who it is for, and after a refusal the reason and what was typed. */
interface FormState {
  itemId: string;
  choice: ForChoice;
  error?: string;
  /** The status of a refusal: 422 by default, 403 when the person may not be requested for. */
  status?: number;
  values?: SubmittedValues;
}

/** The "For" part of the page and the person the request would be for (undefined: choose first). */
async function forWhom(
  store: Store,
  principal: Principal,
  item: CatalogRow,
  choice: ForChoice,
): Promise<{ section: SafeHtml; person: Identity | 'me' | undefined }> {
  const asker: Asker = await askerOf(store, principal);
  const scope = await requestScopeOf(store, asker);
  if (scope === 'self') {
    return { section: html`<p id="for-whom">For: you, ${principal.displayName}.</p>`, person: 'me' };
  }
  const chooser = forChooser(item.id, choice, scope);
  if (!choice.other) return { section: chooser, person: 'me' };
  if (choice.person === '') {
    const query = { q: choice.who, cursor: choice.cursor, limit: PEOPLE_PAGE_SIZE };
    const page = await findPeople(store, asker, query);
    return { section: html`${chooser}${peopleResults(item.id, choice, page, scope)}`, person: undefined };
  }
  const person = await personByEmail(store, choice.person);
  // A manager learns nothing about people outside their reports: unknown and not-a-report read the same.
  const refusal = asker.administrator
    ? person === undefined
      ? `Nobody has the email ${choice.person}; search again.`
      : undefined
    : person === undefined || !mayRequestFor(asker, person)
      ? `Nobody among your active direct reports has the email ${choice.person}; search again.`
      : undefined;
  if (person === undefined || refusal !== undefined) {
    return { section: html`${chooser}<p class="error" role="alert">${refusal}</p>`, person: undefined };
  }
  return { section: html`${chooser}${chosenPerson(item.id, choice, person)}`, person };
}

/** The request page of one catalog item and the submission of its form, for oneself or (administrators, managers) someone else. */
export function registerRequestForm(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, state: FormState) => {
    const principal = kit.require(request, REQUESTERS);
    const item = await catalogItem(store, state.itemId);
    const { section, person } = await forWhom(store, principal, item, state.choice);
    const held =
      person === undefined
        ? undefined
        : await heldInItem(store, person === 'me' ? principal : { identityEmail: person.email }, item);
    const owner =
      item.owner === null ? undefined : await store.transaction((tx) => tx.identities.get(item.owner ?? ''));
    const csrf = kit.contextFor(request, reply).csrf;
    const beneficiary = person === undefined || person === 'me' ? undefined : person;
    return kit.send(
      request,
      reply.code(state.error === undefined ? 200 : (state.status ?? 422)),
      `Request ${item.name}`,
      html`${state.error === undefined ? '' : html`<p class="error" role="alert">${state.error}</p>`}
<p>${item.type === 'space' ? 'Space' : 'Group'} <code>${item.key}</code>, risk ${risk(item.risk)}.</p>
${catalogSettingsForm(principal, item, owner?.email ?? null, csrf)}
<p>Owner: ${owner === undefined ? 'none' : `${owner.firstName} ${owner.lastName}`}.</p>
${section}
${held === undefined ? '' : html`<p id="held">${heldSentence(beneficiary === undefined ? undefined : `${beneficiary.firstName} ${beneficiary.lastName}`, held)}</p>`}
${person === undefined ? '' : requestFields(item, csrf, beneficiary === undefined ? undefined : { email: beneficiary.email, who: state.choice.who }, state.values)}`,
    );
  };

  app.get('/catalog/item', async (request, reply) => {
    kit.require(request, REQUESTERS);
    const query = itemQuery.parse(request.query);
    const choice: ForChoice = {
      other: query.for === 'other',
      who: query.who,
      person: query.person,
      cursor: query.cursor,
    };
    return renderForm(request, reply, { itemId: query.id, choice });
  });

  app.post('/requests', async (request, reply) => {
    const principal = kit.require(request, REQUESTERS);
    const parsed = requestForm.safeParse(request.body);
    if (!parsed.success) {
      const typed = typedForm(request.body);
      if (typed.itemId === '') throw parsed.error;
      const choice =
        typed.beneficiaryEmail === ''
          ? FOR_MYSELF
          : { other: true, who: '', person: typed.beneficiaryEmail, cursor: undefined };
      const error = parsed.error.issues
        .map((i) => {
          const field = i.path.join('.') || 'form';
          const length =
            field === 'justification'
              ? ` (this one has ${typed.values.justification.length.toLocaleString('en')})`
              : '';
          return `${field.charAt(0).toUpperCase()}${field.slice(1)}: ${i.message}${length}.`;
        })
        .join(' ');
      return renderForm(request, reply, {
        itemId: typed.itemId,
        choice,
        error,
        status: 400,
        values: typed.values,
      });
    }
    const form = parsed.data;
    const me = await requireIdentity(store, principal);
    const permissions = [form.permissions ?? []].flat();
    const values = { permissions, justification: form.justification, endDate: form.endDate ?? '' };
    let beneficiaryId: string | undefined;
    try {
      beneficiaryId = await beneficiaryIdFor(store, principal, form.beneficiaryEmail);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'auth.forbidden')) throw error;
      const choice = { other: true, who: form.who, person: '', cursor: undefined };
      return renderForm(request, reply, {
        itemId: form.itemId,
        choice,
        error: error.message,
        status: 403,
        values,
      });
    }
    try {
      const created = await governance.requests.submit({
        requesterIsAdministrator: hasRole(principal, 'administrator'),
        requesterId: me.id,
        ...(beneficiaryId === undefined ? {} : { beneficiaryId }),
        itemId: form.itemId,
        permissions,
        justification: form.justification,
        endDate: form.endDate ? `${form.endDate}T23:59:59.000Z` : null,
      });
      return kit.redirect(reply, `/requests/${created.id}`, 'Request submitted.');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const choice =
        beneficiaryId === undefined
          ? FOR_MYSELF
          : { other: true, who: form.who, person: form.beneficiaryEmail ?? '', cursor: undefined };
      return renderForm(request, reply, {
        itemId: form.itemId,
        choice,
        error: error.message,
        values,
      });
    }
  });
}
