import { z } from 'zod';
import type { Governance } from '../../core/index.ts';
import type { AggregationRuns } from '../compose/aggregation-runs.ts';
import { ApiError } from '../http/errors.ts';
import { type ApiRoute, defineRoute } from '../http/route.ts';
import type { PolicyTexts } from '../policy-texts.ts';

const run = z.object({
  id: z.string(),
  actor: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.object({ accounts: z.number(), groups: z.number(), spaces: z.number(), apiCalls: z.number() }),
  summary: z
    .object({
      accounts: z.number(),
      correlated: z.number(),
      orphans: z.number(),
      groups: z.number(),
      spaces: z.number(),
      assignments: z.number(),
      catalogAdded: z.number(),
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
        'Start an aggregation (or get the one already running); follow it with GET /api/v1/aggregations/{id}',
      tag: 'aggregation',
      access: ['administrator'],
      status: 202,
      response: run,
      handle: async ({ principal }) => runs.start(principal.name),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/aggregations',
      operationId: 'listAggregations',
      summary: "This process's recent aggregation runs, newest first",
      tag: 'aggregation',
      access: ['administrator', 'auditor'],
      response: z.object({ items: z.array(run) }),
      handle: async () => ({ items: [...runs.list()] }),
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
        const found = runs.get(params.id);
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
