import type { Identity, Store } from '../../core/index.ts';
import { personRefOf } from '../views/people.ts';
import { html, type SafeHtml, typed } from './html.ts';

/** How many people one search lists; a narrower search finds the rest. */
const RESULTS = 10;
/** The longest search text (the API's limit for a search). */
const FIND_MAX = 200;

/** The reviewer fields of the campaign form the picker reads and fills. */
export interface ReviewerFields {
  named: string;
  fallback: string;
  find: string;
}

/** What one of the picker's buttons asks: search, name a reviewer, make one the fallback, or take one off. */
export type PickStep = { kind: 'find' } | { kind: 'named' | 'fallback' | 'unname'; id: string };

/** The step a posted campaign form asks for (its `pick` button), or undefined when it asks to define the campaign. */
export function pickStepOf(body: unknown): PickStep | undefined {
  const pick = ((body ?? {}) as Record<string, unknown>).pick;
  if (typeof pick !== 'string' || pick === '') return undefined;
  const at = pick.indexOf(':');
  const kind = at < 0 ? pick : pick.slice(0, at);
  const id = at < 0 ? '' : pick.slice(at + 1);
  if ((kind === 'named' || kind === 'fallback' || kind === 'unname') && id !== '' && id.length <= 100)
    return { kind, id };
  return { kind: 'find' };
}

const ids = (text: string) => text.split(/[\s,]+/).filter((s) => s !== '');

/** The reviewer fields after a step: an id added to (or taken off) the named reviewers, or made the fallback. */
export function applyPick<T extends ReviewerFields>(fields: T, step: PickStep): T {
  if (step.kind === 'find') return fields;
  if (step.kind === 'fallback') return { ...fields, fallback: step.id };
  const named = ids(fields.named).filter((id) => id !== step.id);
  return { ...fields, named: (step.kind === 'named' ? [...named, step.id] : named).join(' ') };
}

const nameOf = (p: Identity) => `${p.firstName} ${p.lastName}`.trim();

/**
 * The person picker inside the campaign form's Reviewers fieldset (no script: its buttons post the
 * whole form, which comes back with everything typed kept): a search for active people by name,
 * email or employee id, each found person with buttons that name them or make them the fallback,
 * and the people chosen so far by name, each with a button that takes them off.
 */
export async function reviewerPicker(store: Store, fields: ReviewerFields): Promise<SafeHtml> {
  const text = fields.find.trim();
  const tooLong = text.length > FIND_MAX;
  const chosen = [...new Set([...ids(fields.named), ...ids(fields.fallback)])];
  const { found, known } = await store.transaction(async (tx) => ({
    found:
      text === '' || tooLong
        ? undefined
        : await tx.identities.page({ q: text, status: 'active', limit: RESULTS, withTotal: true }),
    known: chosen.length === 0 ? [] : await tx.identities.getMany(chosen),
  }));
  const byId = new Map(known.map((p) => [p.id, p]));
  const who = (id: string) => {
    const p = byId.get(id);
    return p === undefined
      ? html`<strong>no one has the employee id ${id}</strong>`
      : html`${typed(nameOf(p))} (<code>${id}</code>${p.status === 'leaver' ? ', has left' : ''})`;
  };
  const named = ids(fields.named);
  return html`<div class="picker">
<p><label for="find">Find a reviewer</label><br><input id="find" name="find" type="search" maxlength="${FIND_MAX}" value="${fields.find}" aria-describedby="find-help">
<button type="submit" formnovalidate name="pick" value="find">Find people</button><br>
<span id="find-help" class="muted">Part of a name, an email or an employee id; then add the person below.</span></p>
${tooLong ? html`<p class="error" role="alert">Find a reviewer: at most ${FIND_MAX} characters.</p>` : ''}
${found === undefined ? '' : foundTable(text, found.items, found.total ?? found.items.length)}
${named.length === 0 ? '' : html`<p id="named-chosen">Named reviewers: ${named.map((id, i) => html`${i === 0 ? '' : '; '}${who(id)} <button type="submit" formnovalidate name="pick" value="unname:${id}" aria-label="Take ${byId.has(id) ? nameOf(byId.get(id) as Identity) : id} off the named reviewers">Remove</button>`)}</p>`}
${fields.fallback.trim() === '' ? '' : html`<p id="fallback-chosen">Fallback reviewer: ${who(fields.fallback.trim())}</p>`}
</div>`;
}

function foundTable(text: string, people: ReadonlyArray<Identity>, total: number): SafeHtml {
  if (people.length === 0)
    return html`<p role="status">Nobody active matches “${typed(text)}”; try part of the name or the email.</p>`;
  const more = total - people.length;
  return html`<p id="results-caption"><strong>Active people matching “${typed(text)}” (${total})</strong></p>
<ul id="reviewer-results" class="people" aria-labelledby="results-caption">${people.map((p) => {
    const ref = personRefOf(p);
    return html`<li>${typed(ref.name)} (<code>${p.id}</code>), ${p.email}${p.department === null ? '' : html`, ${typed(p.department)}`}<br>
<button type="submit" formnovalidate name="pick" value="named:${p.id}" aria-label="Add ${ref.name} to the named reviewers">Add as named</button> <button type="submit" formnovalidate name="pick" value="fallback:${p.id}" aria-label="Make ${ref.name} the fallback reviewer">Use as fallback</button></li>`;
  })}</ul>
${more > 0 ? html`<p class="muted">${more} more match: type more of the name to narrow the list.</p>` : ''}`;
}
