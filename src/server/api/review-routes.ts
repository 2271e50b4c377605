import { z } from 'zod';
import { type Governance, parseCatalogItemId, type Store } from '../../core/index.ts';
import { type ApiRoute, defineRoute, pageOf, pageQuery, pageRequestOf } from '../http/route.ts';
import { allReportRows, campaignView, peopleNamed, reportCsv, reviewAskerOf } from '../views/reviews.ts';
import { riskSchema } from './schemas.ts';

const ids = z.array(z.string().min(1).max(200)).max(200);
const scopeSchema = z.object({
  spaces: ids.default([]).describe('space keys; with groups, either matches'),
  groups: ids.default([]).describe('group ids'),
  risks: z.array(riskSchema).default([]),
  departments: ids.default([]),
});
const definitionSchema = z.object({
  name: z.string().min(1).max(200),
  scope: scopeSchema.default({ spaces: [], groups: [], risks: [], departments: [] }),
  reviewers: z.object({
    rule: z.enum(['manager', 'owner', 'space_admins', 'named']),
    named: ids.default([]).describe('employee ids, for the named rule'),
    fallback: z.string().min(1).max(200).describe('employee id of the reviewer when the rule finds nobody'),
  }),
  deadline: z.iso.datetime({ offset: true }),
  undecided: z.enum(['keep', 'revoke']).describe('what becomes of items undecided at the deadline'),
  reminderAfterMs: z.number().int().positive().nullable().default(null),
  escalateAfterMs: z.number().int().positive().nullable().default(null),
});
const campaignSchema = definitionSchema.extend({
  scope: scopeSchema,
  id: z.string(),
  status: z.enum(['draft', 'active', 'closed']),
  createdBy: z.string(),
  createdAt: z.string(),
  launchedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  deadlineNoticeAt: z
    .string()
    .nullable()
    .describe('when reviewers with items left were mailed that the deadline is near'),
  reviewers: z.object({ rule: z.string(), named: z.array(z.string()), fallback: z.string() }),
  reminderAfterMs: z.number().nullable(),
  escalateAfterMs: z.number().nullable(),
});
const counts = { total: z.number(), kept: z.number(), revoked: z.number(), undecided: z.number() };
const campaignViewSchema = z.object({
  campaign: campaignSchema,
  progress: z.array(
    z.object({ reviewerId: z.string(), reviewer: z.object({ id: z.string(), name: z.string() }), ...counts }),
  ),
  overall: z.object(counts),
});
const itemSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  identityId: z.string(),
  personName: z.string(),
  accountKey: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  permissions: z.array(z.string()),
  via: z.string().nullable().describe('group id the access is held through; null when held directly'),
  grantedAt: z.string().nullable(),
  grantRequestId: z.string().nullable(),
  risk: riskSchema,
  lastActivity: z.string().nullable(),
  reviewerId: z.string(),
  decision: z.enum(['keep', 'revoke']).nullable(),
  comment: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  revocationRequestId: z.string().nullable(),
  remindedAt: z.string().nullable(),
  escalated: z.boolean(),
});
const reportRow = z.object({
  item: itemSchema,
  revocation: z
    .object({
      id: z.string(),
      status: z.string(),
      updatedAt: z.string(),
      failureReason: z.string().nullable(),
    })
    .nullable(),
});
const idParams = z.object({ id: z.string().min(1).max(200) });
const itemQuery = pageQuery.extend({
  decision: z.enum(['keep', 'revoke', 'undecided']).optional(),
  reviewer: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("a reviewer's employee id (administrators, auditors)"),
  item: z.string().min(1).max(200).optional().describe('catalog item id'),
});
/** The items filter of one campaign, from the list's query string. */
function itemFilter(campaignId: string, query: z.output<typeof itemQuery>) {
  if (query.item !== undefined) parseCatalogItemId(query.item);
  return {
    ...pageRequestOf(query),
    campaignId,
    q: query.q,
    decision: query.decision,
    reviewerId: query.reviewer,
    itemId: query.item,
  };
}
const ADMIN = ['administrator'] as const;
const READERS = ['administrator', 'auditor'] as const;

/** Access review campaigns over the API; who may do what is the review service's rule. */
export function reviewRoutes(deps: { store: Store; governance: Governance }): ApiRoute[] {
  const { store, governance } = deps;
  const asker = (principal: Parameters<typeof reviewAskerOf>[1]) => reviewAskerOf(store, principal);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews',
      operationId: 'listReviewCampaigns',
      tag: 'reviews',
      summary:
        'Campaigns, newest first: every one for administrators and auditors, those with your items otherwise',
      access: 'signed-in',
      query: pageQuery.omit({ q: true }).extend({ status: z.enum(['draft', 'active', 'closed']).optional() }),
      response: pageOf(campaignSchema),
      handle: async ({ query, principal }) =>
        governance.reviews.list(await asker(principal), { ...pageRequestOf(query), status: query.status }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews',
      operationId: 'defineReviewCampaign',
      tag: 'reviews',
      status: 201,
      summary:
        'Define a campaign (a draft): scope, reviewers with a fallback, deadline, the rule for undecided items',
      access: ADMIN,
      body: definitionSchema,
      response: campaignSchema,
      handle: async ({ body, principal }) => governance.reviews.define(await asker(principal), body),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews/:id',
      operationId: 'getReviewCampaign',
      tag: 'reviews',
      summary: 'One campaign with progress per reviewer and overall (404 unless you may see it)',
      access: 'signed-in',
      params: idParams,
      response: campaignViewSchema,
      handle: async ({ params, principal }) =>
        campaignView(store, governance, await asker(principal), params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/launch',
      operationId: 'launchReviewCampaign',
      tag: 'reviews',
      summary: 'Launch a draft: freezes who holds what in scope and assigns each item a reviewer',
      access: ADMIN,
      params: idParams,
      response: z.object({ campaign: campaignSchema, items: z.number() }),
      handle: async ({ params, principal }) => governance.reviews.launch(await asker(principal), params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/close',
      operationId: 'closeReviewCampaign',
      tag: 'reviews',
      summary: "Close an active campaign now: undecided items follow the campaign's rule",
      access: ADMIN,
      params: idParams,
      response: campaignSchema,
      handle: async ({ params, principal }) => governance.reviews.close(await asker(principal), params.id),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews/:id/items',
      operationId: 'listReviewItems',
      tag: 'reviews',
      summary:
        'Items of a campaign by person and access: your own to review, or every one for administrators and auditors',
      access: 'signed-in',
      params: idParams,
      query: itemQuery,
      response: pageOf(itemSchema),
      handle: async ({ params, query, principal }) =>
        governance.reviews.items(await asker(principal), itemFilter(params.id, query)),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/reviews/:id/decisions',
      operationId: 'decideReviewItems',
      tag: 'reviews',
      summary:
        'Keep or revoke your items, with a comment: the listed `itemIds`, or every undecided item of yours matching `matching` (all or none)',
      access: 'signed-in',
      params: idParams,
      body: z
        .object({
          decision: z.enum(['keep', 'revoke']),
          comment: z.string().max(2000).default(''),
          itemIds: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
          matching: z
            .object({ q: z.string().max(200).optional(), item: z.string().min(1).max(200).optional() })
            .optional()
            .describe('the filter of your list, for a bulk decision'),
        })
        .refine((b) => (b.itemIds === undefined) !== (b.matching === undefined), {
          message: 'send either itemIds or matching',
        }),
      response: z.object({ decided: z.number() }),
      handle: async ({ params, body, principal }) => {
        const me = await asker(principal);
        const base = { campaignId: params.id, decision: body.decision, comment: body.comment };
        if (body.itemIds !== undefined)
          return {
            decided: (await governance.reviews.decide(me, { ...base, itemIds: body.itemIds })).length,
          };
        if (body.matching?.item !== undefined) parseCatalogItemId(body.matching.item);
        const decided = await governance.reviews.decideMatching(me, {
          ...base,
          q: body.matching?.q,
          itemId: body.matching?.item,
        });
        return { decided };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews/:id/report',
      operationId: 'reviewReport',
      tag: 'reviews',
      summary:
        'The completion report: every item, its decision, reviewer, time and the revocation that followed',
      access: READERS,
      params: idParams,
      query: itemQuery,
      response: pageOf(reportRow),
      handle: async ({ params, query, principal }) =>
        governance.reviews.report(await asker(principal), itemFilter(params.id, query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/reviews/:id/report.csv',
      operationId: 'exportReviewReport',
      tag: 'reviews',
      summary: 'The completion report as CSV, for an auditor to file',
      access: READERS,
      params: idParams,
      response: z.string(),
      produces: 'text/csv',
      handle: async ({ params, principal, reply }) => {
        const rows = await allReportRows(governance, await asker(principal), params.id);
        const person = await peopleNamed(
          store,
          rows.map((r) => r.item.reviewerId),
        );
        reply.header('content-disposition', `attachment; filename="spacegate-review-${params.id}.csv"`);
        return reportCsv(rows, (id) => `${person(id).name} (${id})`);
      },
    }),
  ];
}
