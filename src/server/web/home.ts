import type { FastifyInstance } from 'fastify';
import type { PageKit } from './page-kit.ts';

/** The start page sends each person to where their work is: the accounts, approvals, or the catalog. */
export function registerHomePage(app: FastifyInstance, deps: { kit: PageKit }): void {
  app.get('/', async (request, reply) => {
    const principal = deps.kit.require(request, 'signed-in');
    const roles = principal.roles;
    const target =
      roles.has('administrator') || roles.has('auditor')
        ? '/admin/accounts'
        : roles.has('approver') || roles.has('catalog_owner')
          ? '/approvals'
          : roles.has('requester')
            ? '/catalog'
            : '/requests';
    return reply.redirect(target, 303);
  });
}
