import type { Transport } from '../http/transport.ts';
import type { CloudConnectorConfig } from './config.ts';
import type { CloudApiName } from './endpoints.ts';

/** What every Cloud API module needs: the frozen configuration and the shared transport. */
export interface CloudContext {
  config: Readonly<CloudConnectorConfig>;
  transport: Transport<CloudApiName>;
}
