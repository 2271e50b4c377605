import { ConnectorError } from '../../connector/index.ts';
import type { ApiAuth } from '../http/api.ts';
import type { TransportSettings } from '../http/transport.ts';
import type { DataCenterConnectorConfig } from './config.ts';
import type { DcApiName } from './endpoints.ts';

/** Crowd's refusals of a write to a read-only directory (reference §9), as REST and JSON-RPC word them. */
const READ_ONLY = /ReadOnlyGroupException|OperationNotPermittedException|read-only|read only/i;

/**
 * A failed REST response Data Center words as a read-only directory's refusal: `read_only_directory`,
 * never retried. Atlassian does not document the status (reference §9), so the message decides.
 */
export function restError(operation: string, status: number, body: unknown): ConnectorError | undefined {
  const message = messageOf(body);
  if (status >= 400 && status < 500 && message !== undefined && READ_ONLY.test(message)) {
    return readOnly(operation, status, message);
  }
  return undefined;
}

/**
 * A JSON-RPC fault (`{ error: { message } }`, HTTP 500 on Data Center) is Confluence's answer, not an
 * outage: mapped by its exception to `read_only_directory`, `not_found`, `forbidden` or
 * `invalid_input`, none retried. A 500 without a fault body stays a retryable outage.
 */
export function rpcError(operation: string, status: number, body: unknown): ConnectorError | undefined {
  const fault = (body as { error?: { message?: unknown } } | undefined)?.error;
  if (typeof fault !== 'object' || fault === null || typeof fault.message !== 'string')
    return restError(operation, status, body);
  return rpcFault(operation, fault.message, status);
}

/** The ConnectorError for a JSON-RPC fault message. */
export function rpcFault(operation: string, message: string, status = 500): ConnectorError {
  if (READ_ONLY.test(message)) return readOnly(operation, status, message);
  const details = { status, operation };
  const text = `${operation} refused: ${message}`;
  if (/NotPermittedException|permission/i.test(message))
    return new ConnectorError('forbidden', text, { details, retryable: false });
  if (/No (user|group|space)|not found|does not exist/i.test(message))
    return new ConnectorError('not_found', text, { details, retryable: false });
  if (/already exists/i.test(message))
    return new ConnectorError('conflict', text, { details, retryable: false });
  if (/NoSuchMethod|Remote API is disabled/i.test(message))
    return new ConnectorError('unsupported', text, { details, retryable: false });
  return new ConnectorError('invalid_input', text, { details, retryable: false });
}

function readOnly(operation: string, status: number, message: string): ConnectorError {
  return new ConnectorError(
    'read_only_directory',
    `${operation} refused: the user or group lives in a read-only directory (${message})`,
    { details: { status, operation }, retryable: false },
  );
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 300);
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** The credentials of the configuration: Basic with a password, or a personal access token as Bearer. */
function authOf(config: Readonly<DataCenterConnectorConfig>): ApiAuth {
  return config.auth.type === 'basic'
    ? { type: 'basic', username: config.auth.username, password: config.auth.password }
    : { type: 'bearer', token: config.auth.token };
}

/** The Data Center flavour's two APIs on one base URL, with the same credentials and their own error reading. */
export function dcTransportSettings(
  config: Readonly<DataCenterConnectorConfig>,
): TransportSettings<DcApiName> {
  const auth = authOf(config);
  return {
    apis: [
      { name: 'rest', baseUrl: config.baseUrl, auth, errorFor: restError },
      { name: 'rpc', baseUrl: config.baseUrl, auth, errorFor: rpcError },
    ],
    concurrency: config.concurrency,
    retry: config.retry,
  };
}
