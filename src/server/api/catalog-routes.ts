import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import {
  type ApiRoute,
  defineRoute,
  directionQuery,
  pageOf,
  pageQuery,
  pageRequestOf,
} from '../http/route.ts';
import { catalogItem, listCatalog, updateCatalogItem } from '../views/catalog.ts';
import { riskSchema } from './schemas.ts';

const catalogRow = z.object({
  id: z.string(),
  type: z.enum(['group', 'space']),
  name: z.string(),
  key: z.string(),
  risk: riskSchema,
  requestable: z.boolean(),
  owner: z.string().nullable(),
  driftPolicy: z
    .enum(['report', 'revert'])
    .nullable()
    .describe('drift on this item: report or revert; null: the default'),
});
const idParams = z.object({ id: z.string().min(1).max(200) });

/** The catalog over the API: search it, read an item with its options, and (administrators) change an item. */
export function catalogRoutes(deps: { store: Store; governance: Governance }): ApiRoute[] {
  const { store, governance } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/catalog',
      operationId: 'listCatalog',
      tag: 'catalog',
      summary: 'Requestable groups and spaces (paged, searchable by name or key)',
      access: 'signed-in',
      query: pageQuery.extend({
        type: z.enum(['group', 'space']).optional(),
        sort: z
          .enum(['type', 'name', 'key', 'risk'])
          .default('type')
          .describe('type: by type, then name; risk: by level (low, medium, high), then name'),
        direction: directionQuery,
      }),
      response: pageOf(catalogRow),
      handle: async ({ query }) =>
        listCatalog(store, {
          ...pageRequestOf(query),
          q: query.q,
          type: query.type,
          sort: query.sort,
          direction: query.direction,
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/catalog/:id',
      operationId: 'getCatalogItem',
      tag: 'catalog',
      summary: 'One catalog item (`space:KEY` or `group:<id>`) with the permission options a space offers',
      access: 'signed-in',
      params: idParams,
      response: catalogRow.extend({
        options: z.array(z.object({ id: z.string(), label: z.string(), risk: riskSchema })),
      }),
      handle: async ({ params }) => catalogItem(store, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/catalog/:id',
      operationId: 'updateCatalogItem',
      tag: 'catalog',
      summary: 'Change a catalog item: requestable, owner (an identity email, or null), risk, drift policy',
      access: ['administrator'],
      params: idParams,
      body: z.object({
        requestable: z.boolean().optional(),
        ownerEmail: z.email().nullable().optional(),
        risk: riskSchema.optional(),
        driftPolicy: z.enum(['report', 'revert']).nullable().optional(),
      }),
      response: catalogRow,
      handle: async ({ params, body, principal }) => {
        await updateCatalogItem(store, governance, principal.name, params.id, body);
        return catalogItem(store, params.id);
      },
    }),
  ];
}
