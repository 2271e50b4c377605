import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { type CatalogRow, updateCatalogItem } from '../views/catalog.ts';
import { href } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageKit } from './page-kit.ts';

const settingsForm = z.object({
  itemId: z.string().min(1),
  requestable: z.enum(['yes', 'no']),
  risk: z.enum(['low', 'medium', 'high']),
  ownerEmail: z.string().max(300).default(''),
  /** Absent leaves the item's drift policy as it is; `default` goes back to `drift.defaultPolicy`. */
  driftPolicy: z.enum(['default', 'report', 'revert']).optional(),
});

/** The administrator's settings form for a catalog item (empty for everyone else). */
export function catalogSettingsForm(
  principal: Principal,
  item: CatalogRow,
  ownerEmail: string | null,
  csrf: string,
): SafeHtml {
  if (!hasRole(principal, 'administrator')) return html``;
  const option = (value: string, current: string, text: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`;
  return html`<details><summary>Catalog settings (administrators)</summary>
<form method="post" action="/catalog/item/settings" class="filters">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="itemId" value="${item.id}">
  <div><label for="requestable">Requestable</label><select id="requestable" name="requestable">${option('yes', item.requestable ? 'yes' : 'no', 'yes')}${option('no', item.requestable ? 'yes' : 'no', 'no')}</select></div>
  <div><label for="risk">Risk</label><select id="risk" name="risk">${['low', 'medium', 'high'].map((r) => option(r, item.risk, r))}</select></div>
  <div><label for="driftPolicy">Drift</label><select id="driftPolicy" name="driftPolicy">${option('default', item.driftPolicy ?? 'default', 'the default policy')}${option('report', item.driftPolicy ?? 'default', 'report only')}${option('revert', item.driftPolicy ?? 'default', 'revert (revoke)')}</select></div>
  <div><label for="ownerEmail">Owner (identity email)</label><input id="ownerEmail" name="ownerEmail" type="email" maxlength="320" value="${ownerEmail ?? ''}"></div>
  <div><button type="submit">Save settings</button></div>
</form></details>`;
}

/** Saves a catalog item's settings through the catalog service (audited there). */
export function registerCatalogAdmin(
  app: FastifyInstance,
  deps: { kit: PageKit; store: Store; governance: Governance },
): void {
  const { kit, store, governance } = deps;
  app.post('/catalog/item/settings', async (request, reply) => {
    const principal = kit.require(request, ['administrator']);
    const form = settingsForm.parse(request.body);
    await updateCatalogItem(store, governance, principal.name, form.itemId, {
      requestable: form.requestable === 'yes',
      risk: form.risk,
      ownerEmail: form.ownerEmail.trim() === '' ? null : form.ownerEmail.trim(),
      ...(form.driftPolicy === undefined
        ? {}
        : { driftPolicy: form.driftPolicy === 'default' ? null : form.driftPolicy }),
    });
    return kit.redirect(reply, href('/catalog/item', { id: form.itemId }), 'Catalog settings saved.');
  });
}
