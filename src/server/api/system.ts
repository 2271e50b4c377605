import { z } from 'zod';
import { ROLES } from '../config/schema.ts';
import { ApiError } from '../http/errors.ts';
import { type ApiRoute, defineRoute } from '../http/route.ts';

/** A named readiness check (the store answers, the worker runs, …). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const checkResult = z.object({ name: z.string(), ok: z.boolean(), message: z.string() });

/** Liveness, readiness and "who am I". */
export function systemRoutes(deps: {
  readiness: ReadonlyArray<ReadinessCheck>;
  version: string;
  demo: boolean;
}): ApiRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness: the process is up and serving HTTP',
      tag: 'system',
      access: 'public',
      response: z.object({ status: z.literal('ok'), version: z.string(), demo: z.boolean() }),
      handle: async () => ({ status: 'ok' as const, version: deps.version, demo: deps.demo }),
    }),
    defineRoute({
      method: 'GET',
      path: '/ready',
      operationId: 'ready',
      summary: 'Readiness: every dependency answers (503 with the failing checks otherwise)',
      tag: 'system',
      access: 'public',
      response: z.object({ status: z.literal('ready'), checks: z.array(checkResult) }),
      handle: async () => {
        const checks = await Promise.all(
          deps.readiness.map(async ({ name, check }) => {
            try {
              await check();
              return { name, ok: true, message: 'ok' };
            } catch (error) {
              return { name, ok: false, message: error instanceof Error ? error.message : String(error) };
            }
          }),
        );
        if (checks.some((c) => !c.ok)) throw new ApiError('api.unavailable', 'not ready', { checks });
        return { status: 'ready' as const, checks };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/me',
      operationId: 'me',
      summary: 'The caller: name, roles and the identity it acts as',
      tag: 'system',
      access: 'signed-in',
      response: z.object({
        kind: z.enum(['person', 'token']),
        name: z.string(),
        displayName: z.string(),
        roles: z.array(z.enum(ROLES)),
        identity: z.string().nullable(),
      }),
      handle: async ({ principal }) => ({
        kind: principal.kind,
        name: principal.name,
        displayName: principal.displayName,
        roles: [...principal.roles],
        identity: principal.identityEmail ?? null,
      }),
    }),
  ];
}
