import { z } from 'zod';
import { type Governance, REQUEST_STATUSES, type Store } from '../../core/index.ts';
import { hasRole } from '../auth/principal.ts';
import {
  type ApiRoute,
  defineRoute,
  directionQuery,
  pageOf,
  pageQuery,
  pageRequestOf,
} from '../http/route.ts';
import { beneficiaryIdFor } from '../views/beneficiary.ts';
import { inboxFor } from '../views/inbox.ts';
import { requireIdentity } from '../views/people.ts';
import { getRequest, listRequests } from '../views/requests.ts';
import { permissionOptionId, riskSchema } from './schemas.ts';

const person = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  department: z.string().nullable(),
  jobTitle: z.string().nullable(),
});
/** A request as the API returns it. */
export const requestView = z.object({
  id: z.string(),
  kind: z
    .enum(['grant', 'revoke', 'deactivate', 'reactivate'])
    .describe(
      "deactivate: Spacegate disables a leaver's account, as the attribute policy says; reactivate: Spacegate enables it again when the person is rehired",
    ),
  status: z.enum(REQUEST_STATUSES),
  item: z.object({
    id: z.string().describe('a catalog item, or `account:<accountKey>` for a deactivation or a reactivation'),
    name: z.string(),
    type: z.enum(['group', 'space', 'account']),
    risk: z.string(),
  }),
  permissions: z.array(z.object({ id: z.string(), label: z.string() })),
  requester: person,
  beneficiary: person,
  justification: z.string(),
  endDate: z.string().nullable(),
  workflow: z.string(),
  currentStage: z.number().int(),
  failureReason: z.string().nullable(),
  attempts: z.number().int().nullable().describe('fulfillment attempts spent when it last ended'),
  state: z.string().describe('where the request stands, in words'),
  outcome: z
    .object({
      applied: z.array(z.string()).describe('values in place as asked (`SPACEKEY:option` or a group id)'),
      missing: z.array(z.string()).describe('values not in place (for a revocation: still held)'),
      verified: z
        .boolean()
        .describe('false when the read-back failed too: nothing is known of the last write'),
    })
    .nullable()
    .describe('set when fulfillment ended short of its goal: what it found in place'),
  createdAt: z.string(),
  updatedAt: z.string(),
  stages: z.array(
    z.object({
      name: z.string(),
      mode: z.enum(['any', 'all']),
      approvals: z.array(
        z.object({
          id: z.string(),
          approver: person,
          decision: z.string().nullable(),
          reason: z.string().nullable(),
          decidedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
});
/** The `:id` of one request. */
export const idParams = z.object({ id: z.string().min(1).max(200) });
const SIGNED_IN = 'signed-in';

/** Access requests and approval decisions over the API. */
export function requestRoutes(deps: { store: Store; governance: Governance }): ApiRoute[] {
  const { store, governance } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/requests',
      operationId: 'listRequests',
      tag: 'requests',
      summary: "Access requests: `scope=mine` (by or for me) or everything the caller's role may see",
      access: SIGNED_IN,
      query: pageQuery.extend({
        scope: z.enum(['mine', 'visible']).default('visible'),
        status: z.enum(REQUEST_STATUSES).optional(),
        item: z.string().min(1).max(200).optional().describe('catalog item id (`space:KEY`, `group:<id>`)'),
        beneficiary: z.string().min(1).max(200).optional().describe("the beneficiary's employee id"),
      }),
      response: pageOf(requestView),
      handle: async ({ query, principal }) =>
        listRequests(store, principal, {
          ...pageRequestOf(query),
          scope: query.scope,
          status: query.status,
          q: query.q,
          itemId: query.item,
          beneficiaryId: query.beneficiary,
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/requests',
      operationId: 'createRequest',
      tag: 'requests',
      status: 201,
      summary:
        'Request (or, with `kind: revoke`, remove) a group or permissions in a space, for yourself (administrators: anyone; managers: their active direct reports)',
      access: ['requester', 'administrator'],
      body: z.object({
        kind: z
          .enum(['grant', 'revoke'])
          .default('grant')
          .describe(
            'grant gives access; revoke removes held access (revoking View removes every option in the space)',
          ),
        itemId: z.string().min(1).describe('space:KEY or group:<id>'),
        permissions: z.array(permissionOptionId).default([]),
        justification: z.string().min(1).max(2000),
        endDate: z.iso.datetime({ offset: true }).nullable().default(null),
        beneficiaryEmail: z
          .email()
          .optional()
          .describe(
            'request for this person: administrators for anyone, managers for their active direct reports (403 otherwise)',
          ),
      }),
      response: requestView,
      handle: async ({ body, principal }) => {
        const me = await requireIdentity(store, principal);
        const beneficiaryId = await beneficiaryIdFor(store, principal, body.beneficiaryEmail);
        const created = await governance.requests.submit({
          kind: body.kind,
          requesterIsAdministrator: hasRole(principal, 'administrator'),
          requesterId: me.id,
          ...(beneficiaryId === undefined ? {} : { beneficiaryId }),
          itemId: body.itemId,
          permissions: body.permissions,
          justification: body.justification,
          endDate: body.endDate,
        });
        return getRequest(store, principal, created.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/requests/:id',
      operationId: 'getRequest',
      tag: 'requests',
      summary: 'One request with its approval stages (404 unless the caller may see it)',
      access: SIGNED_IN,
      params: idParams,
      response: requestView,
      handle: async ({ params, principal }) => getRequest(store, principal, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/requests/:id/cancel',
      operationId: 'cancelRequest',
      tag: 'requests',
      summary: 'Cancel an open request (requester or beneficiary)',
      access: SIGNED_IN,
      params: idParams,
      response: requestView,
      handle: async ({ params, principal }) => {
        const me = await requireIdentity(store, principal);
        await getRequest(store, principal, params.id);
        await governance.requests.cancel(params.id, me.id);
        return getRequest(store, principal, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/requests/:id/decision',
      operationId: 'decideRequest',
      tag: 'approvals',
      summary: 'Approve or reject a request assigned to you, with a comment',
      access: ['approver', 'catalog_owner', 'administrator'],
      params: idParams,
      body: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).default('') }),
      response: requestView,
      handle: async ({ params, body, principal }) => {
        const me = await requireIdentity(store, principal);
        await governance.approvals.decide({
          requestId: params.id,
          approverId: me.id,
          decision: body.decision === 'approve' ? 'approved' : 'rejected',
          reason: body.comment,
        });
        return getRequest(store, principal, params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/approvals',
      operationId: 'listApprovals',
      tag: 'approvals',
      summary: "The caller's inbox: requests waiting for their decision, with risk and current access",
      access: ['approver', 'catalog_owner', 'administrator'],
      query: pageQuery.omit({ q: true }).extend({
        sort: z
          .enum(['submitted', 'beneficiary', 'item', 'risk'])
          .default('submitted')
          .describe("submitted: oldest first; beneficiary: by last name; risk: the request's, low first"),
        direction: directionQuery,
      }),
      response: pageOf(
        z.object({
          approvalId: z.string(),
          stageName: z.string(),
          request: requestView,
          risk: riskSchema,
          heldHere: z.array(
            z.object({
              kind: z.enum(['group', 'space']),
              value: z.string(),
              label: z.string(),
              via: z.string(),
            }),
          ),
          heldTotal: z.object({ groups: z.number(), spacePermissions: z.number() }),
          hasAccount: z.boolean(),
          peers: z
            .object({
              department: z.string(),
              total: z.number().describe('counted up to 100; `atLeast` says there are more'),
              atLeast: z.boolean(),
              names: z.array(z.string()),
            })
            .nullable()
            .describe(
              "people in the beneficiary's department who hold this group or space; null without a department",
            ),
        }),
      ),
      handle: async ({ principal, query }) =>
        inboxFor(store, principal, { ...pageRequestOf(query), sort: query.sort, direction: query.direction }),
    }),
  ];
}
