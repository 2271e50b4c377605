import { z } from 'zod';
import { DRIFT_KINDS, DRIFT_NOTE_MAX, DRIFT_STATES, type Governance } from '../../core/index.ts';
import { type ApiRoute, defineRoute, pageOf, pageQuery, pageRequestOf } from '../http/route.ts';
import { driftActorOf, driftReaderOf, stateOf } from '../views/drift.ts';

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
  state: z.enum(DRIFT_STATES),
  closedBy: z.string().nullable().describe('the administrator who accepted or reverted it, or `system`'),
  closedAt: z.string().nullable(),
  note: z.string().nullable().describe('why it was closed'),
});

const byKind = z.object(Object.fromEntries(DRIFT_KINDS.map((k) => [k, z.number().int()])));
const driftCounts = z.object(Object.fromEntries(DRIFT_STATES.map((s) => [s, byKind])));
const idParams = z.object({ id: z.string().min(1).max(1000).describe('the finding, as listed') });
const ADMINISTRATORS = ['administrator'] as const;

/** The drift report over the API (administrators, auditors), and accepting or reverting a finding (administrators). */
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
        state: z
          .enum([...DRIFT_STATES, 'all'])
          .default('open')
          .describe('open (the default), accepted, reverted, resolved, or all'),
      }),
      response: pageOf(driftRow),
      handle: async ({ query, principal }) =>
        governance.drift.list(driftReaderOf(principal), {
          ...pageRequestOf(query),
          kind: query.kind,
          runId: query.run,
          state: stateOf(query.state),
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/drift/counts',
      operationId: 'countDrift',
      tag: 'aggregation',
      summary: 'How many drift findings of each kind are in each state',
      access: ['administrator', 'auditor'],
      response: driftCounts,
      handle: async ({ principal }) => governance.drift.counts(driftReaderOf(principal)),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/drift/:id/accept',
      operationId: 'acceptDrift',
      tag: 'aggregation',
      summary: 'Accept an open finding as known, sanctioned access, with a note (409 unless open)',
      access: ADMINISTRATORS,
      params: idParams,
      body: z.object({ note: z.string().max(DRIFT_NOTE_MAX).describe('why this access is accepted') }),
      response: driftRow,
      handle: async ({ params, body, principal }) =>
        governance.drift.accept(driftActorOf(principal), params.id, body.note),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/drift/:id/revert',
      operationId: 'revertDrift',
      tag: 'aggregation',
      summary:
        'Revert an open finding now: a revocation with drift as its reason (409 unless open and revocable)',
      access: ADMINISTRATORS,
      params: idParams,
      body: z.object({ note: z.string().max(DRIFT_NOTE_MAX).optional() }).default({}),
      response: driftRow,
      handle: async ({ params, body, principal }) =>
        governance.drift.revert(driftActorOf(principal), params.id, body.note),
    }),
  ];
}
