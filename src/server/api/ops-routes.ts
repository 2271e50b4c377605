import { z } from 'zod';
import type { Governance } from '../../core/index.ts';
import type { AggregationRuns } from '../compose/aggregation-runs.ts';
import { ApiError } from '../http/errors.ts';
import { type ApiRoute, defineRoute } from '../http/route.ts';
import type { PolicyTexts } from '../policy-texts.ts';

const count = z.number().int();
const run = z.object({
  id: z.string(),
  actor: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  mode: z.enum(['full', 'delta']),
  status: z.enum(['running', 'completed', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.object({
    phase: z.enum(['starting', 'accounts', 'groups', 'spaces', 'committing', 'done']),
    accounts: count,
    groups: count,
    spaces: count,
    removed: count,
    failures: count,
    apiCalls: count,
  }),
  summary: z
    .object({
      accounts: count,
      correlated: count,
      orphans: count,
      groups: count,
      spaces: count,
      assignments: count,
      catalogAdded: count,
      written: count,
    })
    .nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nullable(),
});
const policy = z.object({ file: z.string(), text: z.string() }).nullable();

/** Aggregation runs, the HR import and the policy in force, for operators. */
export function opsRoutes(deps: {
  governance: Governance;
  runs: AggregationRuns;
  policies: PolicyTexts;
}): ApiRoute[] {
  const { governance, runs, policies } = deps;
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/aggregations',
      operationId: 'startAggregation',
      summary:
        'Start an aggregation (a delta from the last completed run unless `full`); 409 `aggregation.running` names the run in progress. Follow it with GET /api/v1/aggregations/{id}',
      tag: 'aggregation',
      access: ['administrator'],
      status: 202,
      body: z
        .object({ full: z.boolean().default(false) })
        .strict()
        .prefault({}),
      response: run,
      handle: async ({ principal, body }) => runs.start(principal.name, { full: body.full }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/aggregations',
      operationId: 'listAggregations',
      summary: 'Aggregation runs of every process, newest first, paged by cursor',
      tag: 'aggregation',
      access: ['administrator', 'auditor'],
      query: z.object({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().max(200).optional(),
      }),
      response: z.object({ items: z.array(run), next: z.string().nullable() }),
      handle: async ({ query }) =>
        runs.list({ limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/aggregations/:id',
      operationId: 'getAggregation',
      summary: 'One aggregation run with its progress and, when done, its summary',
      tag: 'aggregation',
      access: ['administrator', 'auditor'],
      params: z.object({ id: z.string() }),
      response: run,
      handle: async ({ params }) => {
        const found = await runs.get(params.id);
        if (found === undefined) throw new ApiError('api.not_found', `no aggregation run ${params.id}`);
        return found;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/identities/import',
      operationId: 'importIdentities',
      summary:
        'Import the HR source (CSV with a header row, or a JSON array): new, changed and leaving people',
      tag: 'identities',
      access: ['administrator'],
      bodyLimit: 64 * 1024 * 1024,
      body: z.object({
        name: z.string().min(1).max(200).default('hr.csv'),
        content: z.string().min(1).max(50_000_000),
      }),
      response: z.object({
        source: z.string(),
        created: z.number(),
        updated: z.number(),
        unchanged: z.number(),
        leavers: z.number(),
        revocations: z.number(),
        accountUpdates: z.number(),
        correlated: z.number(),
      }),
      handle: async ({ body, principal }) => {
        const report = await governance.identities.importHr(body.name, body.content, principal.name);
        return {
          source: report.source,
          created: report.created.length,
          updated: report.updated.length,
          unchanged: report.unchanged,
          leavers: report.leavers.length,
          revocations: report.revocations.length,
          accountUpdates: report.accountUpdates,
          correlated: report.correlated,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/policy',
      operationId: 'getPolicy',
      summary: 'The approval workflows and the attribute policy in force',
      tag: 'policy',
      access: ['administrator', 'auditor', 'catalog_owner'],
      response: z.object({ workflows: policy, attributes: policy }),
      handle: async () => ({
        workflows: policies.workflows ?? null,
        attributes: policies.attributes ?? null,
      }),
    }),
  ];
}
