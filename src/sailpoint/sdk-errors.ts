import { toConnectorError } from '../connector/index.ts';
import { hostSdk } from './host-sdk.ts';

/**
 * The SDK's error for anything a command throws: `notFound` for `not_found`, `generic` otherwise,
 * with our code first in the message (`guardrail: …`) so SailPoint shows the cause as it is.
 */
export function toSdkError(error: unknown): Error {
  const { ConnectorError, ConnectorErrorType } = hostSdk();
  if (error instanceof ConnectorError) return error;
  const connectorError = toConnectorError(error);
  const type = connectorError.code === 'not_found' ? ConnectorErrorType.NotFound : ConnectorErrorType.Generic;
  const retry = connectorError.retryable ? ' (retryable)' : '';
  return new ConnectorError(`${connectorError.code}: ${connectorError.message}${retry}`, type);
}
