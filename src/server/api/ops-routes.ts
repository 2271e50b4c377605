import { z } from 'zod';
import { type Governance, HR_PROBLEM_LIMIT } from '../../core/index.ts';
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
const importReport = z.object({
  source: z.string(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  leavers: z.number(),
  revocations: z.number(),
  deactivations: z.number().describe("leavers' accounts the attribute policy deactivates"),
  rehires: z.number().describe('leavers back active'),
  reactivations: z.number().describe('rehires whose account Spacegate deactivated, now being enabled again'),
  cancelledDeactivations: z
    .number()
    .describe("rehires' deactivations still open or refused when they came back, cancelled"),
  orphansResolved: z
    .number()
    .describe('open orphan drift findings closed because their account now matches a person'),
  accountUpdates: z.number(),
  correlated: z.number(),
});
/** The largest HR file the API takes (a file named by `sources.hrFile` is read at start without a cap). */
const HR_UPLOAD_MIB = 64;
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
        'Import the HR source: the file itself as the body (text/csv, or application/octet-stream for a JSON array; ' +
        `up to ${HR_UPLOAD_MIB} MiB, read as it arrives, ?name= names it), or JSON { name, content } up to 1 MiB. ` +
        `A bad file is refused whole: the first ${HR_PROBLEM_LIMIT} problems by name and the count of all`,
      tag: 'identities',
      access: ['administrator'],
      upload: {
        types: ['text/csv', 'application/octet-stream'],
        limit: HR_UPLOAD_MIB * 1_048_576,
        what: 'the HR file',
      },
      query: z.object({
        name: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('the file name (default hr.csv; .json for JSON)'),
      }),
      body: z
        .object({
          name: z.string().min(1).max(200).default('hr.csv'),
          content: z.string().min(1),
        })
        .optional(),
      response: importReport,
      handle: async ({ body, upload, query, principal }) => {
        const input = upload ?? body?.content;
        if (input === undefined) {
          throw new ApiError('api.invalid_input', 'send the HR file as text/csv, or JSON { name, content }');
        }
        const name = (upload === undefined ? body?.name : query.name) ?? 'hr.csv';
        const report = await governance.identities.importHr(name, input, principal.name);
        return {
          source: report.source,
          created: report.created.length,
          updated: report.updated.length,
          unchanged: report.unchanged,
          leavers: report.leavers.length,
          revocations: report.revocations.length,
          deactivations: report.deactivations.length,
          rehires: report.rehires.length,
          reactivations: report.reactivations.length,
          cancelledDeactivations: report.cancelledDeactivations.length,
          orphansResolved: report.orphansResolved,
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
