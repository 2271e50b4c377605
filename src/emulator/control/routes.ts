import type { FastifyInstance } from 'fastify';
import { parseFaultRule } from '../faults/fault-rule.ts';
import type { EmulatorContext } from '../http/context.ts';
import { SIZE_PROFILES } from '../seed/profiles.ts';
import type { WriteLogEntry } from '../state/shared/model.ts';

/** What the control API needs of a flavour: its summary, its write log and its credential scopes. */
export interface ControlFlavour {
  summary(): Record<string, number | string>;
  writeLog(): readonly WriteLogEntry[];
  /** The names `PUT /credentials` accepts, e.g. `site`, `admin`, `scim` on Cloud. */
  credentialScopes: readonly string[];
  setRevoked(scopes: string[]): void;
}

/**
 * The control API under `/_emulator/`: reseed, faults, traffic shape, revoked credentials,
 * request counters and the write log. It is for tests and demos on loopback.
 */
export function registerControlApi(
  app: FastifyInstance,
  ctx: EmulatorContext<unknown>,
  reseed: (size?: string, seed?: number) => void,
  flavour: ControlFlavour,
): void {
  app.get('/summary', async () => flavour.summary());

  app.post<{ Body: { size?: string; seed?: number } | undefined }>('/reset', async (request, reply) => {
    const { size, seed } = request.body ?? {};
    if (size !== undefined && !(SIZE_PROFILES as string[]).includes(size)) {
      return reply.code(400).send({ error: `size must be one of ${SIZE_PROFILES.join(', ')}` });
    }
    if (seed !== undefined && !Number.isInteger(seed))
      return reply.code(400).send({ error: 'seed must be an integer' });
    reseed(size, seed);
    ctx.counters.reset();
    ctx.faults.clear();
    return flavour.summary();
  });

  app.get('/faults', async () => ({ traffic: ctx.faults.traffic, rules: ctx.faults.list() }));
  app.post<{ Body: unknown }>('/faults', async (request, reply) => {
    const rule = parseFaultRule(request.body);
    if (typeof rule === 'string') return reply.code(400).send({ error: rule });
    ctx.faults.add(rule);
    return reply.code(201).send({ rules: ctx.faults.list() });
  });
  app.delete('/faults', async (_request, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });
  app.put<{ Body: { latencyMs?: unknown; rateLimit?: unknown } | undefined }>(
    '/traffic',
    async (request, reply) => {
      const { latencyMs, rateLimit } = request.body ?? {};
      for (const [name, value] of Object.entries({ latencyMs, rateLimit })) {
        if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
          return reply.code(400).send({ error: `${name} must be a whole number >= 0` });
        }
      }
      if (typeof latencyMs === 'number') ctx.faults.traffic.latencyMs = latencyMs;
      if (typeof rateLimit === 'number') ctx.faults.traffic.rateLimit = rateLimit;
      return ctx.faults.traffic;
    },
  );

  app.put<{ Body: { revoked?: unknown } | undefined }>('/credentials', async (request, reply) => {
    const revoked = request.body?.revoked;
    const valid = flavour.credentialScopes;
    if (!Array.isArray(revoked) || !revoked.every((r) => valid.includes(r))) {
      return reply.code(400).send({ error: `revoked must be a list drawn from ${valid.join(', ')}` });
    }
    flavour.setRevoked(revoked as string[]);
    return { revoked };
  });

  app.get('/counters', async () => ctx.counters.snapshot());
  app.delete('/counters', async (_request, reply) => {
    ctx.counters.reset();
    return reply.code(204).send();
  });

  app.get<{ Querystring: { since?: string; accountId?: string } }>('/writes', async (request) => {
    const since = Number(request.query.since ?? 0);
    const { accountId } = request.query;
    const entries = flavour
      .writeLog()
      .filter(
        (entry) => entry.seq > since && (accountId === undefined || entry.accountIds.includes(accountId)),
      );
    return { entries };
  });
}
