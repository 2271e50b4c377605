import type { CatalogRow, OptionChoice } from '../views/catalog.ts';
import { risk } from './components.ts';
import { html, type SafeHtml } from './html.ts';

/** What a person typed into the request form, shown again when the core refuses it. */
export interface SubmittedValues {
  permissions: string[];
  justification: string;
  endDate: string;
}

/** The options a space offers (none for a group), ticked as submitted. */
function optionsFieldset(item: CatalogRow & { options: OptionChoice[] }, ticked: string[]): SafeHtml {
  if (item.type === 'group') {
    return html`<p>Requesting this group gives its members' access (${risk(item.risk)} risk).</p>`;
  }
  return html`<fieldset><legend>Permissions in ${item.name}</legend>${item.options.map(
    (o) =>
      html`<div><input type="checkbox" id="perm-${o.id}" name="permissions" value="${o.id}"${ticked.includes(o.id) ? html` checked` : ''}> <label for="perm-${o.id}">${o.label}</label> <span class="muted">(${risk(o.risk)} risk)</span></div>`,
  )}</fieldset>`;
}

/**
 * The request form itself (POST /requests): options, justification, end date, and for someone
 * else the chosen person's email (the server checks again that the principal may do that).
 */
export function requestFields(
  item: CatalogRow & { options: OptionChoice[] },
  csrf: string,
  forSomeoneElse: { email: string; who: string } | undefined,
  values: SubmittedValues | undefined,
): SafeHtml {
  const beneficiary =
    forSomeoneElse === undefined
      ? ''
      : html`<input type="hidden" name="beneficiaryEmail" value="${forSomeoneElse.email}">
  <input type="hidden" name="who" value="${forSomeoneElse.who}">`;
  return html`<form method="post" action="/requests">
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="itemId" value="${item.id}">
  ${beneficiary}
  ${optionsFieldset(item, values?.permissions ?? [])}
  <p><label for="justification">Justification</label><br>
  <textarea id="justification" name="justification" rows="3" cols="60" maxlength="2000" required aria-describedby="justification-help">${values?.justification ?? ''}</textarea><br>
  <span id="justification-help" class="muted">Why ${forSomeoneElse === undefined ? 'you need' : 'they need'} this; the approver reads it (at most 2,000 characters).</span></p>
  <p><label for="endDate">End date (optional)</label><br><input id="endDate" name="endDate" type="date" value="${values?.endDate ?? ''}" aria-describedby="end-help">
  <span id="end-help" class="muted">Access is removed after this day.</span></p>
  <p><button type="submit">Submit request</button></p>
</form>`;
}
