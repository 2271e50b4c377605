import { z } from 'zod';
import { ConnectorError } from '../../connector/index.ts';
import { DomainError, type DomainErrorCode } from '../../core/errors.ts';

/** The codes the HTTP layer itself raises (authentication, CSRF, input, routing). */
export type ApiErrorCode =
  | 'auth.required'
  | 'auth.invalid_credentials'
  | 'auth.forbidden'
  | 'auth.rate_limited'
  | 'auth.busy'
  | 'csrf.invalid'
  | 'api.invalid_input'
  | 'api.not_found'
  | 'api.payload_too_large'
  | 'api.unavailable'
  | 'api.internal';

/** An error raised by the HTTP layer; `expose` says whether its message may reach the client. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/** The one error body every API error has. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Error code -> HTTP status: the one table. Domain codes are listed one by one so a new code is
 * a decision here; connector codes arrive as `connector.<code>`.
 */
const STATUS: Readonly<Record<ApiErrorCode | DomainErrorCode, number>> & Readonly<Record<string, number>> = {
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.rate_limited': 429,
  'auth.busy': 503,
  'csrf.invalid': 403,
  'api.invalid_input': 400,
  'api.not_found': 404,
  'api.payload_too_large': 413,
  'api.unavailable': 503,
  'api.internal': 500,
  'identity.not_found': 404,
  'identity.invalid_source': 422,
  'identity.leaver': 409,
  'policy.invalid': 422,
  'workflow.invalid': 422,
  'review.not_found': 404,
  'review.invalid': 422,
  'review.forbidden': 403,
  'drift.forbidden': 403,
  'drift.not_found': 404,
  'drift.invalid': 422,
  'drift.not_open': 409,
  'drift.not_revertable': 409,
  'review.not_reviewer': 403,
  'review.not_open': 409,
  'review.already_decided': 409,
  'review.no_reviewer': 422,
  'workflow.no_approvers': 422,
  'catalog.not_found': 404,
  'catalog.invalid_id': 400,
  'catalog.not_requestable': 409,
  'request.not_found': 404,
  'request.invalid': 422,
  'request.duplicate_open': 409,
  'request.already_held': 409,
  'request.not_held': 409,
  'request.not_open': 409,
  'request.forbidden': 403,
  'request.not_failed': 409,
  'approval.not_assignee': 403,
  'approval.self_approval': 403,
  'approval.already_decided': 409,
  'aggregation.failed': 502,
  'aggregation.running': 409,
  'fulfillment.not_found': 404,
  'page.invalid_cursor': 400,
  'connector.auth_failed': 502,
  'connector.forbidden': 502,
  'connector.not_found': 404,
  'connector.conflict': 409,
  'connector.rate_limited': 503,
  'connector.unavailable': 503,
  'connector.timeout': 504,
  'connector.guardrail': 409,
  'connector.invalid_input': 422,
  'connector.invalid_config': 500,
};

/** The HTTP status for an error code; unknown codes are server errors. */
export function statusFor(code: string): number {
  return STATUS[code] ?? 500;
}

/** Turns any thrown value into the status and the body the client sees; internals never leak. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof ApiError || error instanceof DomainError) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { status: statusFor(error.code), body, internal: false };
  }
  if (error instanceof ConnectorError) {
    const code = `connector.${error.code}`;
    return { status: statusFor(code), body: { code, message: error.message }, internal: false };
  }
  if (error instanceof z.ZodError) return { status: 400, body: invalidInput(error), internal: false };
  const fastifyStatus = fastifyErrorStatus(error);
  if (fastifyStatus !== undefined && fastifyStatus < 500) {
    const code = fastifyStatus === 413 ? 'api.payload_too_large' : 'api.invalid_input';
    const message = error instanceof Error ? error.message : 'invalid request';
    return { status: fastifyStatus, body: { code, message }, internal: false };
  }
  return { status: 500, body: { code: 'api.internal', message: 'internal error' }, internal: true };
}

/** A page's query or form that failed its schema: each bad field named, as the API's guard does. */
function invalidInput(error: z.ZodError): ErrorBody {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return {
    code: 'api.invalid_input',
    message: `invalid input: ${issues.map((i) => `${i.path || '(form)'}: ${i.message}`).join('; ')}`,
    details: { issues },
  };
}

/** Fastify's own errors (bad JSON, body too large) carry a 4xx `statusCode`. */
function fastifyErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const status = (error as { statusCode: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}
