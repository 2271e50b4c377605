import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRule } from '../faults/fault-plan.ts';
import { type RateDecision, RateLimiter } from '../faults/rate-limiter.ts';
import type { EmulatorContext } from './context.ts';

const CONTROL_PREFIX = '/_emulator';

/** The headers a flavour's rate limiter sends on every limited API's answer (`Retry-After` when refused). */
export type RateLimitHeaders = (decision: RateDecision) => Record<string, string>;

/** Cloud's: `X-RateLimit-Limit`, `-Remaining`, `-Reset`, and `Retry-After` on a 429. */
export function cloudRateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': decision.resetAt.toISOString(),
    ...(decision.allowed ? {} : { 'Retry-After': String(decision.retryAfterSeconds) }),
  };
}

/**
 * Installs request counting, latency, the rate limit and scripted faults on every API request
 * (the control API under `/_emulator/` is exempt).
 */
export function installTrafficHooks(
  app: FastifyInstance,
  ctx: EmulatorContext<unknown>,
  rateLimitHeaders: RateLimitHeaders = cloudRateLimitHeaders,
): void {
  let limiter: RateLimiter | null = null;
  let limiterRate = 0;
  const pending = new WeakMap<FastifyRequest, FaultRule>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    ctx.counters.record(request.method, request.routeOptions.url ?? 'unmatched');
    const { latencyMs, rateLimit } = ctx.faults.traffic;
    if (latencyMs > 0) await sleep(latencyMs);
    if (rateLimit > 0) {
      if (limiter === null || limiterRate !== rateLimit) {
        limiter = new RateLimiter(rateLimit);
        limiterRate = rateLimit;
      }
      const decision = limiter.take();
      reply.headers(rateLimitHeaders(decision));
      if (!decision.allowed) {
        return reply.code(429).send({ code: 429, message: 'Rate limit exceeded' });
      }
    }
    const fault = ctx.faults.take(request.method, request.url);
    if (fault === undefined) return;
    const acting = fault.kind === 'reset' || fault.kind === 'status';
    if (acting && fault.after !== true) {
      if (fault.kind === 'status') return sendStatusFault(reply, fault);
      request.raw.socket.destroy();
      return reply;
    }
    pending.set(request, fault);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = pending.get(request);
    if (fault === undefined) return payload;
    return spoilAnswer(request, reply, fault, payload);
  });
}

/**
 * Spoils the answer to a request that has taken effect: a status instead of it, the connection
 * dropped, the body held back, cut mid-way or garbled. An empty answer (a 204 to a write) cannot be
 * cut or garbled, so the connection is dropped instead: the client learns nothing either way.
 */
async function spoilAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  fault: FaultRule,
  payload: unknown,
): Promise<unknown> {
  if (fault.kind === 'slow') {
    await sleep(fault.delayMs ?? 60_000);
    return payload;
  }
  if (fault.kind === 'status') {
    const status = fault.status ?? 503;
    reply.code(status).header('content-type', 'application/json; charset=utf-8');
    if (status === 429 || status === 503) reply.header('Retry-After', String(fault.retryAfterSeconds ?? 1));
    return JSON.stringify({ code: status, message: 'Service temporarily unavailable (injected fault)' });
  }
  if (fault.kind === 'reset' || typeof payload !== 'string' || payload === '') {
    request.raw.socket.destroy();
    return payload;
  }
  if (fault.kind === 'malformed') return `${payload.slice(0, Math.floor(payload.length / 2))}<html>`;
  reply.header('content-length', String(Buffer.byteLength(payload)));
  return truncatedStream(payload.slice(0, Math.floor(payload.length / 2)));
}

/** A body that sends its first half and then breaks, so the client sees the connection cut mid-body. */
function truncatedStream(half: string): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) return;
      sent = true;
      this.push(half);
      setTimeout(() => this.destroy(new Error('response truncated (injected fault)')), 20);
    },
  });
}

function sendStatusFault(reply: FastifyReply, fault: FaultRule): FastifyReply {
  const status = fault.status ?? 503;
  if (status === 429 || status === 503) reply.header('Retry-After', String(fault.retryAfterSeconds ?? 1));
  const message = status === 429 ? 'Rate limit exceeded' : 'Service temporarily unavailable (injected fault)';
  return reply.code(status).send({ code: status, message });
}
