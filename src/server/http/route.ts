import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { type Access, allows, type Principal } from '../auth/principal.ts';
import { ApiError } from './errors.ts';
import { registerUploadRoute, type UploadSpec, uploadOf } from './upload.ts';

/** HTTP methods the API uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler receives: validated input, the caller, and the raw request and reply. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The raw file when the route takes an upload and the request sent one (else undefined). */
  upload: AsyncIterable<Uint8Array> | undefined;
  principal: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One API route and its guard: the zod schemas check input and output and become the OpenAPI operation. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Fastify path syntax: `/api/v1/requests/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 202;
  /** Largest request body in bytes, when the default (1 MiB) is too small. */
  bodyLimit?: number;
  /** Also take a raw file of these media types, streamed (the JSON body schema must then be optional). */
  upload?: UploadSpec;
  /** A media type other than JSON (the response schema is then a string). */
  produces?: 'text/csv';
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

/** A route with its types erased, ready to register and to describe. */
export interface ApiRoute {
  spec: Omit<RouteSpec, 'handle'>;
  run(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<unknown>;
}

/** The principal of a public route's anonymous caller. */
const ANONYMOUS: Principal = {
  kind: 'person',
  name: 'anonymous',
  displayName: 'anonymous',
  roles: new Set(),
  identityEmail: undefined,
  sessionId: undefined,
};

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (schema === undefined) return value as z.output<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ApiError(
    'api.invalid_input',
    `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    {
      issues,
    },
  );
}

/** Wraps a route spec in its guard: validate input, call, validate output. */
export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(given: RouteSpec<P, Q, B, R>): ApiRoute {
  // A body field the route does not know is refused by name: a misspelt `beneficiaryEmail` must not
  // quietly become a request for the caller themselves.
  const spec =
    given.body instanceof z.ZodObject ? { ...given, body: given.body.strict() as unknown as B } : given;
  return {
    spec: spec as unknown as Omit<RouteSpec, 'handle'>,
    async run(request, reply, principal) {
      const params = parsePart(spec.params, request.params, 'params');
      const query = parsePart(spec.query, request.query, 'query');
      const upload = uploadOf(request, spec.upload);
      const body = parsePart(spec.body, upload === undefined ? (request.body ?? {}) : undefined, 'body');
      const result = await spec.handle({ params, query, body, upload, principal, request, reply });
      const checked = spec.response.safeParse(result);
      if (!checked.success) {
        request.log.error(
          { issues: checked.error.issues, route: spec.operationId },
          'response failed its schema',
        );
        throw new ApiError('api.internal', 'internal error');
      }
      return checked.data;
    },
  };
}

/** Registers guarded routes on the app: access check first, then the guard. */
export function registerRoutes(app: FastifyInstance, routes: ReadonlyArray<ApiRoute>): void {
  for (const route of routes) {
    const { spec } = route;
    const options: RouteOptions = {
      method: spec.method,
      url: spec.path,
      ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
      handler: async (request, reply) => {
        const principal = request.principal;
        if (!allows(spec.access, principal)) {
          throw principal === undefined
            ? new ApiError('auth.required', 'sign in or send an API token')
            : new ApiError(
                'auth.forbidden',
                `this needs one of the roles: ${[spec.access].flat().join(', ')}`,
              );
        }
        const result = await route.run(request, reply, principal ?? ANONYMOUS);
        reply.code(spec.status ?? 200);
        if (spec.produces !== undefined) reply.type(spec.produces);
        return result;
      },
    };
    if (spec.upload === undefined) app.route(options);
    else registerUploadRoute(app, spec.upload, options);
  }
}

/** Shared query schema for paged, searchable lists: keyset paging by `cursor`, never by offset. */
export const pageQuery = z.object({
  q: z.string().max(200).optional().describe('case-insensitive search text'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page, 1 to 200'),
  cursor: z
    .string()
    .max(1000)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextCursor of an earlier page')
    .optional()
    .describe('the `nextCursor` of the previous page'),
  total: z.enum(['true', 'false']).optional().describe('also count every match (costs one more query)'),
});

/** The direction of a list's `sort`; each sort has its own default (names A–Z, newest or oldest first as it says). */
export const directionQuery = z
  .enum(['asc', 'desc'])
  .optional()
  .describe("the order's direction; each sort has its own default");

/** The store's page request from a parsed `pageQuery`. */
export function pageRequestOf(query: {
  limit: number;
  cursor?: string | undefined;
  total?: string | undefined;
}) {
  return { limit: query.limit, cursor: query.cursor, withTotal: query.total === 'true' };
}

/** A page of items, the cursor of the next page (null on the last), and the count when asked. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });
}
