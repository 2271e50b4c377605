import type { Connector } from '../connector/index.ts';
import type { CallStats } from './http/call-stats.ts';

/** A connector of any flavour plus the running count of the API calls it has made. */
export interface MeteredConnector extends Connector {
  /** Every HTTP attempt so far (retries included), by API. */
  callStats(): CallStats;
}
