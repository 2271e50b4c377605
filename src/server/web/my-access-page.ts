import type { FastifyInstance } from 'fastify';
import { parseSpacePermissionValue } from '../../connector/index.ts';
import { catalogItemId, type Store } from '../../core/index.ts';
import type { AccessRow } from '../views/directory.ts';
import { identityOf } from '../views/people.ts';
import { accessTable, pagedAccess } from './access-table.ts';
import { href } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageKit } from './page-kit.ts';

const REQUESTERS = ['requester', 'administrator'] as const;

/** The catalog item and option a directly held row is removed through (`space:KEY` + option, or `group:<id>`). */
export function removalTarget(row: AccessRow): { item: string; option: string } | undefined {
  if (row.via !== 'direct') return undefined;
  if (row.kind === 'group') return { item: catalogItemId('group', row.value), option: '' };
  const parsed = parseSpacePermissionValue(row.value);
  return parsed === undefined
    ? undefined
    : { item: catalogItemId('space', parsed.spaceKey), option: parsed.option.id };
}

/** A "Remove" link for a directly held row (for `person`, or oneself), or a note that a group gives it. */
export function removeLink(row: AccessRow, person: string | undefined): SafeHtml {
  const target = removalTarget(row);
  if (target === undefined)
    return html`<span class="muted">through ${row.via.replace(/^group /, 'the group ')}</span>`;
  const link = href('/revoke', { item: target.item, option: target.option, person });
  return html`<a href="${link}" aria-label="Remove ${row.label}">Remove</a>`;
}

/** "My access": what the signed-in person holds, each directly held piece with a Remove link. */
export function registerMyAccessPage(app: FastifyInstance, deps: { kit: PageKit; store: Store }): void {
  const { kit, store } = deps;
  app.get('/access', async (request, reply) => {
    const principal = kit.require(request, REQUESTERS);
    const me = await identityOf(store, principal);
    const account =
      me === undefined ? undefined : await store.transaction((tx) => tx.accounts.getByIdentity(me.id));
    const paged = account === undefined ? undefined : await pagedAccess(store, account.key, request.query);
    const found = paged?.found;
    return kit.send(
      request,
      reply,
      'My access',
      html`${found === undefined ? html`<p>You have no Confluence account that Spacegate knows of.</p>` : ''}
${
  found === undefined
    ? ''
    : accessTable({
        caption: 'What you hold in Confluence',
        access: found.access,
        rows: found.totals.rows,
        path: '/access',
        cursor: paged?.cursor,
        problems: paged?.problems ?? [],
        action: (row) => removeLink(row, undefined),
      })
}`,
    );
  });
}
