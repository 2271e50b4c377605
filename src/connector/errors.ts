/** The closed set of reasons a connector operation fails. */
export const CONNECTOR_ERROR_CODES = [
  'invalid_config',
  'invalid_input',
  'auth_failed',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'timeout',
  'invalid_response',
  'unsupported',
  'guardrail',
  /** The target lives in a read-only user directory (LDAP, Crowd): Confluence refuses the write; retrying cannot help. */
  'read_only_directory',
  'error_budget_exceeded',
  'internal',
] as const;

export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

/** Codes that a later attempt may cure without anything else changing. */
const RETRYABLE: ReadonlySet<ConnectorErrorCode> = new Set(['rate_limited', 'unavailable', 'timeout']);

/** The JSON form of a connector error, as written to NDJSON and stored with failed jobs. */
export interface ConnectorErrorJson {
  code: ConnectorErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

/** The one error a connector throws: a closed code, whether retrying may help, and the cause. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly retryable: boolean;

  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.details = options.details;
  }

  readonly details: Record<string, unknown> | undefined;

  toJSON(): ConnectorErrorJson {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** Narrows an unknown thrown value to a ConnectorError, wrapping anything else as `internal`. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError('internal', message, { cause: error });
}
