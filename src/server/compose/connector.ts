import { type CallEvent, createCloudConnector, parseConnectorConfig } from '../../atlassian/index.ts';
import type { Connector } from '../../connector/index.ts';

/** Builds the Cloud connector from its JSON configuration (a real site's, or the demo emulator's); every API attempt is reported. */
export function buildConnector(json: unknown, onCall: (event: CallEvent) => void): Connector {
  return createCloudConnector(parseConnectorConfig(json), { onCall });
}
