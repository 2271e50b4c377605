import { ConnectorError, type ConnectorErrorCode } from '../../connector/index.ts';

/** HTTP status to connector error code: the one place this mapping lives. */
export function codeForStatus(status: number): ConnectorErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'invalid_input';
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'invalid_response';
}

/**
 * Pulls Atlassian's own message out of an error body: Confluence v1 `message`, v2 and admin
 * `errors[].title/detail`, SCIM `detail`, and the `{error}` body of SCIM and proxy 401/403s.
 */
export function atlassianMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null)
    return typeof body === 'string' ? body.slice(0, 200) : undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string') return record.detail;
  if (typeof record.message === 'string') return record.message;
  if (typeof record.error === 'string') return record.error;
  if (Array.isArray(record.errors)) {
    const first = record.errors[0] as Record<string, unknown> | undefined;
    const detail = first?.detail ?? first?.title ?? first?.message;
    if (typeof detail === 'string') return detail;
  }
  return undefined;
}

/** The ConnectorError for a failed response: code from the status, Atlassian's message, no secrets. */
export function errorForResponse(operation: string, status: number, body: unknown): ConnectorError {
  const message = atlassianMessage(body);
  return new ConnectorError(
    codeForStatus(status),
    `${operation} answered ${status}${message === undefined ? '' : `: ${message}`}`,
    { details: { status, operation } },
  );
}

/** The ConnectorError for a request that got no usable response (timeout, reset, bad body). */
export function errorForTransport(operation: string, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new ConnectorError('timeout', `${operation} timed out`, { cause: error, details: { operation } });
  }
  if (name === 'AbortError') {
    return new ConnectorError('timeout', `${operation} was aborted`, {
      cause: error,
      retryable: false,
      details: { operation },
    });
  }
  if (error instanceof SyntaxError) {
    return new ConnectorError('invalid_response', `${operation} returned a body that is not JSON`, {
      cause: error,
      retryable: true,
      details: { operation },
    });
  }
  const reason = error instanceof Error ? (causeCode(error) ?? error.message) : String(error);
  return new ConnectorError('unavailable', `${operation} failed: ${reason}`, {
    cause: error,
    details: { operation },
  });
}

function causeCode(error: Error): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
