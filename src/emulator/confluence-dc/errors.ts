import type { FastifyError, FastifyInstance } from 'fastify';
import type { RateDecision } from '../faults/rate-limiter.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** A REST error Confluence Data Center answers with the envelope of reference §2.3. */
export class DcRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 400 with the exception class Confluence prefixes its validation messages with (reference §2.3). */
export const badRequest = (message: string): DcRestError =>
  new DcRestError(400, `com.atlassian.confluence.api.service.exceptions.BadRequestException: ${message}`);

/** 404, which Confluence also answers for what the caller may not see. */
export const notFound = (message: string): DcRestError => new DcRestError(404, message);

/** The error envelope: `statusCode`, `data`, `message`, `reason`. */
export function errorBody(status: number, message: string): Record<string, unknown> {
  return {
    statusCode: status,
    data: {
      authorized: status !== 401 && status !== 403,
      valid: true,
      allowedInReadOnlyMode: true,
      errors: [],
      successful: false,
    },
    message,
    reason: REASONS[status] ?? 'Error',
  };
}

/** Answers every error in the scope with the envelope; unknown paths under `/rest` answer 404 the same way. */
export function installDcErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DcRestError, _request, reply) => {
    if (error instanceof DcRestError)
      return reply.code(error.status).send(errorBody(error.status, error.message));
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send(errorBody(status, error.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `null for uri: ${request.url.split('?')[0] ?? request.url}`)),
  );
}

/**
 * Data Center's rate-limit headers (reference §2.4): the bucket's size, what is left, the refill
 * interval and rate, and `retry-after` (0 while tokens remain).
 */
export function dcRateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Interval-Seconds': '1',
    'X-RateLimit-FillRate': String(decision.limit),
    'retry-after': decision.allowed ? '0' : String(decision.retryAfterSeconds),
  };
}
