import type { Identity, Page } from '../../core/index.ts';
import type { RequestScope } from '../views/beneficiary.ts';
import type { AccessRow } from '../views/directory.ts';
import type { PersonRef } from '../views/people.ts';
import { href, pager } from './components.ts';
import { html, type SafeHtml } from './html.ts';

/** The request form's "For" choice, carried in GET parameters: someone else or not, search text, chosen email, page. */
export interface ForChoice {
  other: boolean;
  who: string;
  person: string;
  /** Where the list of people stands: the cursor of a next-page link. */
  cursor: string | undefined;
}

/** The choice of a request for oneself. */
export const FOR_MYSELF: ForChoice = { other: false, who: '', person: '', cursor: undefined };

/** How many people one page of search results lists. */
export const PEOPLE_PAGE_SIZE = 10;

/**
 * The "For: myself / someone else" choice with a name-or-email field, as a GET form back to the
 * item page (no script: the server lists the matches); a manager's choice is among their direct reports.
 */
export function forChooser(itemId: string, choice: ForChoice, scope: RequestScope): SafeHtml {
  const checked = (on: boolean) => (on ? html` checked` : '');
  const help =
    scope === 'reports'
      ? 'One of your direct reports: part of a name, an email or an employee id, or nothing to list them all.'
      : 'For someone else: part of a name, an email or an employee id.';
  return html`<form method="get" action="/catalog/item" id="for-form">
<input type="hidden" name="id" value="${itemId}">
<fieldset><legend>For</legend>
  <div><input type="radio" id="for-self" name="for" value="self"${checked(!choice.other)}> <label for="for-self">Myself</label></div>
  <div><input type="radio" id="for-other" name="for" value="other"${checked(choice.other)}> <label for="for-other">Someone else</label></div>
  <p><label for="who">Their name or email</label><br>
  <input id="who" name="who" type="search" maxlength="200" value="${choice.who}" aria-describedby="who-help">
  <span id="who-help" class="muted">${help}</span></p>
</fieldset>
<p><button type="submit">Continue</button></p>
</form>`;
}

/** One page of the active people the search found (a manager's: their direct reports), each with a link that chooses them. */
export function peopleResults(
  itemId: string,
  choice: ForChoice,
  page: Page<PersonRef>,
  scope: RequestScope,
): SafeHtml {
  const reports = scope === 'reports';
  if (choice.who.trim() === '' && !reports) {
    return html`<p id="for-whom">Type part of the person's name or email above, then Continue.</p>`;
  }
  const params = { id: itemId, for: 'other', who: choice.who };
  const matching = choice.who.trim() === '' ? '' : html` matching “${choice.who}”`;
  return html`<table><caption>${reports ? 'Your active direct reports' : 'Active people'}${matching}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Department</th><th scope="col">Job title</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${page.items.map(
    (p) =>
      html`<tr><td>${p.name}</td><td>${p.email}</td><td>${p.department ?? ''}</td><td>${p.jobTitle ?? ''}</td>
<td><a href="${href('/catalog/item', { ...params, person: p.email ?? '' })}" aria-label="Choose ${p.name} (${p.email})">Choose</a></td></tr>`,
  )}</tbody></table>
${page.items.length === 0 && choice.cursor === undefined ? html`<p>Nobody active${reports ? ' among your direct reports' : ''} matches “${choice.who}”; try part of the name or the email.</p>` : ''}
${pager('/catalog/item', params, page, choice.cursor)}`;
}

/** Who the request is for once chosen, with a way to choose again. */
export function chosenPerson(itemId: string, choice: ForChoice, person: Identity): SafeHtml {
  const again = href('/catalog/item', { id: itemId, for: 'other', who: choice.who });
  return html`<p id="for-whom">For: <strong>${person.firstName} ${person.lastName}</strong> (${person.email}${person.department === null ? '' : `, ${person.department}`})${person.status === 'leaver' ? html` — <strong>has left</strong>` : ''}.
<a href="${again}">Choose someone else</a></p>`;
}

/** What the beneficiary already holds in the item, in a sentence ("You" for oneself). */
export function heldSentence(who: string | undefined, held: ReadonlyArray<AccessRow>): string {
  const list = held.map((h) => `${h.label} (${h.via})`).join('; ');
  if (who === undefined)
    return held.length === 0 ? 'You hold nothing here yet.' : `You already hold: ${list}.`;
  return held.length === 0 ? `${who} holds nothing here yet.` : `${who} already holds: ${list}.`;
}
