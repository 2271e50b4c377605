import { z } from 'zod';
import { DRIFT_KINDS, type Governance } from '../../core/index.ts';
import { type ApiRoute, defineRoute, pageOf, pageQuery, pageRequestOf } from '../http/route.ts';
import { driftReaderOf } from '../views/drift.ts';

const driftRow = z.object({
  id: z.string(),
  kind: z.enum(DRIFT_KINDS),
  accountKey: z.string(),
  identityId: z.string().nullable(),
  entitlementKind: z.enum(['group', 'space']),
  value: z.string().describe('a group id, or a space permission `KEY:key/target`'),
  detectedAt: z.string(),
  runId: z.string(),
  resolution: z.enum(['reported', 'revert_queued']),
  requestId: z.string().nullable().describe('the revocation a revert created'),
});

/** The drift report over the API, for administrators and auditors. */
export function driftRoutes(deps: { governance: Governance }): ApiRoute[] {
  const { governance } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/drift',
      operationId: 'listDrift',
      tag: 'aggregation',
      summary: 'What aggregations found differing from what Spacegate granted or first found, newest first',
      access: ['administrator', 'auditor'],
      query: pageQuery.omit({ q: true }).extend({
        kind: z.enum(DRIFT_KINDS).optional(),
        run: z.string().min(1).max(200).optional().describe('one aggregation run'),
      }),
      response: pageOf(driftRow),
      handle: async ({ query, principal }) =>
        governance.drift.list(driftReaderOf(principal), {
          ...pageRequestOf(query),
          kind: query.kind,
          runId: query.run,
        }),
    }),
  ];
}
