import { z } from 'zod';
import type { Store } from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';
import {
  type ApiRoute,
  defineRoute,
  directionQuery,
  pageOf,
  pageQuery,
  pageRequestOf,
} from '../http/route.ts';
import { entitlementHolders } from '../views/holders.ts';
import { identitySchema } from './schemas.ts';

const READERS = ['administrator', 'auditor'] as const;

const holder = z.object({
  kind: z.enum(['account', 'group', 'anonymous']),
  key: z.string(),
  name: z.string(),
  holds: z.string(),
});

/** Identities and an entitlement's holders, paged in the store, for administrators and auditors. */
export function directoryRoutes(deps: { store: Store }): ApiRoute[] {
  const { store } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/identities',
      operationId: 'listIdentities',
      summary: 'Identities from the HR source (paged by last name, searchable by name, email or employee id)',
      tag: 'accounts',
      access: READERS,
      query: pageQuery.extend({
        status: z.enum(['active', 'leaver']).optional(),
        manager: z.string().min(1).max(200).optional().describe("the manager's employee id"),
        sort: z
          .enum(['name', 'email', 'department', 'jobTitle', 'status'])
          .default('name')
          .describe('name: last name, first name; then each by name and employee id'),
        direction: directionQuery,
      }),
      response: pageOf(identitySchema),
      handle: async ({ query }) =>
        store.transaction((tx) =>
          tx.identities.page({
            ...pageRequestOf(query),
            q: query.q,
            status: query.status,
            managerId: query.manager,
            sort: query.sort,
            direction: query.direction,
          }),
        ),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/entitlements/:type/:key/holders',
      operationId: 'listHolders',
      summary:
        "Who holds a group (its members) or a space (accounts by account key; the space's group and anonymous grants on the first page)",
      tag: 'accounts',
      access: READERS,
      params: z.object({ type: z.enum(['group', 'space']), key: z.string().min(1).max(200) }),
      query: pageQuery.omit({ q: true }),
      response: z.object({
        entitlement: z.object({ type: z.enum(['group', 'space']), key: z.string(), name: z.string() }),
        principals: z.array(holder),
        accounts: pageOf(holder),
      }),
      handle: async ({ params, query }) => {
        const found = await entitlementHolders(store, params.type, params.key, pageRequestOf(query));
        if (found === undefined) throw new ApiError('api.not_found', `no ${params.type} ${params.key}`);
        return found;
      },
    }),
  ];
}
