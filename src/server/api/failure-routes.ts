import { z } from 'zod';
import type { Governance, Store } from '../../core/index.ts';
import { type ApiRoute, defineRoute, pageOf, pageQuery, pageRequestOf } from '../http/route.ts';
import { failureActorOf, listFailures } from '../views/failures.ts';
import { getRequest } from '../views/requests.ts';
import { idParams, requestView } from './request-routes.ts';

const ADMINISTRATORS = ['administrator'] as const;

/** Failed fulfillments for administrators: the list, Retry, and "done by hand, with a note". */
export function failureRoutes(deps: { store: Store; governance: Governance }): ApiRoute[] {
  const { store, governance } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/failures',
      operationId: 'listFailures',
      tag: 'requests',
      summary: 'Fulfillments that gave up after their retries (failed or partly done), newest first',
      access: ADMINISTRATORS,
      query: pageQuery.omit({ q: true }).extend({
        beneficiary: z.string().min(1).max(200).optional().describe("the beneficiary's employee id"),
      }),
      response: pageOf(requestView),
      handle: async ({ query }) =>
        listFailures(store, { ...pageRequestOf(query), beneficiaryId: query.beneficiary }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/requests/:id/retry',
      operationId: 'retryRequest',
      tag: 'requests',
      summary: 'Queue a failed fulfillment again; it writes only what is still missing (409 unless failed)',
      access: ADMINISTRATORS,
      params: idParams,
      response: requestView,
      handle: async ({ params, principal }) => {
        await governance.requests.retry(params.id, await failureActorOf(store, principal));
        return getRequest(store, principal, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/requests/:id/resolve',
      operationId: 'resolveRequest',
      tag: 'requests',
      summary: 'Close a failed fulfillment as done by hand, with a note saying what was done',
      access: ADMINISTRATORS,
      params: idParams,
      body: z.object({ note: z.string().min(1).max(2000) }),
      response: requestView,
      handle: async ({ params, body, principal }) => {
        await governance.requests.resolveByHand(params.id, await failureActorOf(store, principal), body.note);
        return getRequest(store, principal, params.id);
      },
    }),
  ];
}
