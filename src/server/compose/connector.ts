import { type CallEvent, createConnector, parseConnectorConfig } from '../../atlassian/index.ts';
import type { Connector } from '../../connector/index.ts';

/** Builds the connector its JSON configuration names by `kind` (a real site's, or the demo emulator's); every API attempt is reported. */
export function buildConnector(json: unknown, onCall: (event: CallEvent) => void): Connector {
  return createConnector(parseConnectorConfig(json), { onCall });
}
