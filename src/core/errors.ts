/** The closed set of reasons a governance operation is refused, as dotted `area.reason` codes. */
export const DOMAIN_ERROR_CODES = [
  'identity.not_found',
  'identity.invalid_source',
  'identity.leaver',
  'policy.invalid',
  'workflow.invalid',
  'workflow.no_approvers',
  'catalog.not_found',
  'catalog.invalid_id',
  'catalog.not_requestable',
  'request.not_found',
  'request.invalid',
  'request.duplicate_open',
  'request.already_held',
  'request.not_held',
  'request.not_open',
  'request.forbidden',
  'request.not_failed',
  'approval.not_assignee',
  'approval.self_approval',
  'approval.already_decided',
  'aggregation.failed',
  'aggregation.running',
  'fulfillment.not_found',
  'page.invalid_cursor',
  'review.not_found',
  'review.invalid',
  'review.forbidden',
  'review.not_reviewer',
  'review.not_open',
  'review.already_decided',
  'review.no_reviewer',
  'drift.forbidden',
  'drift.not_found',
  'drift.invalid',
  'drift.not_open',
  'drift.not_revertable',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** The one error the governance core throws: a closed code, a message for people, optional details. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  /** The API body shape `{ code, message, details? }`. */
  toJSON(): { code: DomainErrorCode; message: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}
