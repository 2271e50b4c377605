import { z } from 'zod';
import { parseCatalogItemId, type Store } from '../../core/index.ts';
import { ApiError } from '../http/errors.ts';
import {
  type ApiRoute,
  defineRoute,
  directionQuery,
  pageOf,
  pageQuery,
  pageRequestOf,
} from '../http/route.ts';
import { auditCsv, auditPage, findAuditEvents } from '../views/audit.ts';
import { accountAccess, listAccounts, listEntitlements } from '../views/directory.ts';
import { identitySchema } from './schemas.ts';

const READERS = ['administrator', 'auditor'] as const;

const accountRow = z.object({
  key: z.string(),
  email: z.string(),
  displayName: z.string(),
  identityId: z.string().nullable(),
  disabled: z.boolean(),
  aggregatedAt: z.string(),
});

const auditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  type: z.string(),
  subject: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** Filters shared by the audit list and its CSV export. */
export const auditQuery = z.object({
  type: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  subject: z.string().max(300).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('ISO timestamp, inclusive'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO timestamp, inclusive'),
});

/** Read-only views for administrators and auditors: accounts, effective access, entitlements, orphans, audit. */
const accessRow = z.object({
  kind: z.enum(['group', 'space']),
  value: z.string(),
  label: z.string(),
  via: z.string().describe('`direct`, or `group <name>`'),
});
const accessTotals = z.object({
  groups: z.number(),
  spacePermissions: z.number().describe('direct and through groups'),
  rows: z.number().describe('every row of the effective access'),
});

export function adminRoutes(deps: { store: Store }): ApiRoute[] {
  const { store } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/accounts',
      operationId: 'listAccounts',
      summary: 'Aggregated accounts (paged, searchable by email, name or key)',
      tag: 'accounts',
      access: READERS,
      query: pageQuery.extend({
        orphans: z.enum(['true', 'false']).optional().describe('true: only accounts matching no identity'),
        status: z.enum(['active', 'disabled']).optional(),
        guest: z.enum(['true', 'false']).optional(),
        sort: z
          .enum(['name', 'email', 'aggregatedAt'])
          .default('name')
          .describe('aggregatedAt: newest first'),
        direction: directionQuery,
      }),
      response: pageOf(accountRow),
      handle: async ({ query }) =>
        listAccounts(store, {
          ...pageRequestOf(query),
          q: query.q,
          status: query.status,
          sort: query.sort,
          direction: query.direction,
          ...(query.orphans === 'true' ? { orphan: true } : {}),
          ...(query.guest === undefined ? {} : { guest: query.guest === 'true' }),
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/accounts/:key',
      operationId: 'getAccount',
      summary:
        'One account with the first page of its effective access (groups, space permissions direct and through groups) and its totals',
      tag: 'accounts',
      access: READERS,
      params: z.object({ key: z.string() }),
      response: z.object({
        account: accountRow,
        identity: identitySchema.nullable(),
        access: z.array(accessRow),
        accessNextCursor: z
          .string()
          .nullable()
          .describe('pass to /api/v1/accounts/{key}/access as `cursor` for the rest'),
        accessTotals: accessTotals,
      }),
      handle: async ({ params }) => {
        const found = await accountAccess(store, params.key);
        if (found === undefined) throw new ApiError('api.not_found', `no account ${params.key}`);
        return {
          account: found.account,
          identity: found.identity,
          access: found.access.items,
          accessNextCursor: found.access.nextCursor,
          accessTotals: found.totals,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/accounts/:key/access',
      operationId: 'listAccountAccess',
      summary: "One page of an account's effective access: groups first, then space permissions by value",
      tag: 'accounts',
      access: READERS,
      params: z.object({ key: z.string() }),
      query: pageQuery.omit({ q: true, total: true }).extend({
        item: z
          .string()
          .max(300)
          .optional()
          .describe('only the access in this catalog item (`space:KEY` or `group:<id>`)'),
      }),
      response: pageOf(accessRow).extend({ totals: accessTotals }),
      handle: async ({ params, query }) => {
        const item = query.item === undefined ? undefined : parseCatalogItemId(query.item);
        const found = await accountAccess(store, params.key, {
          ...pageRequestOf(query),
          ...(item === undefined ? {} : { item }),
        });
        if (found === undefined) throw new ApiError('api.not_found', `no account ${params.key}`);
        return { ...found.access, totals: found.totals };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/entitlements',
      operationId: 'listEntitlements',
      summary: 'Aggregated groups and spaces (paged, searchable, sorted by type, name or key)',
      tag: 'accounts',
      access: READERS,
      query: pageQuery.extend({
        type: z.enum(['group', 'space']).optional(),
        sort: z.enum(['type', 'name', 'key']).default('type').describe('type: by type, then key'),
        direction: directionQuery,
      }),
      response: pageOf(z.object({ type: z.enum(['group', 'space']), key: z.string(), name: z.string() })),
      handle: async ({ query }) =>
        listEntitlements(store, {
          ...pageRequestOf(query),
          q: query.q,
          type: query.type,
          sort: query.sort,
          direction: query.direction,
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit',
      operationId: 'listAuditEvents',
      summary: 'Audit events, newest first, filtered by type, actor, subject and time',
      tag: 'audit',
      access: READERS,
      query: pageQuery.omit({ q: true }).extend(auditQuery.shape),
      response: pageOf(auditEvent),
      handle: async ({ query }) => auditPage(store, query, pageRequestOf(query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit.csv',
      operationId: 'exportAuditEvents',
      summary: 'The filtered audit log as CSV',
      tag: 'audit',
      access: READERS,
      query: auditQuery,
      response: z.string(),
      produces: 'text/csv',
      handle: async ({ query, reply }) => {
        reply.header('content-disposition', 'attachment; filename="spacegate-audit.csv"');
        return auditCsv(await findAuditEvents(store, query));
      },
    }),
  ];
}
