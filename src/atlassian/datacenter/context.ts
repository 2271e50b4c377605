import type { Transport } from '../http/transport.ts';
import type { DataCenterConnectorConfig } from './config.ts';
import type { DcApiName } from './endpoints.ts';
import type { DcCapabilities } from './version.ts';

/** What every Data Center module needs: configuration, transport, the instance's capabilities, caches. */
export interface DcContext {
  config: Readonly<DataCenterConnectorConfig>;
  transport: Transport<DcApiName>;
  /** The version and what it offers, detected once (a failed detection is retried on next use). */
  capabilities(): Promise<DcCapabilities>;
  /** userKey by username, filled by every read that sees both (usernames change rarely; a miss asks). */
  userKeys: Map<string, string>;
}
