import type { Transport } from '../http/transport.ts';
import type { CloudConnectorConfig } from './config.ts';
import type { CloudApiName } from './endpoints.ts';
import type { CarryingGroup } from './group-shapes.ts';
import type { RecentAnswers } from './recent.ts';
import type { ScanSnapshot } from './scan-shapes.ts';
import type { ConfluenceSpace } from './space-shapes.ts';

/** What every Cloud API module needs: the frozen configuration, the shared transport, and what was read a moment ago. */
export interface CloudContext {
  config: Readonly<CloudConnectorConfig>;
  transport: Transport<CloudApiName>;
  /**
   * Site facts reused briefly by single-account reads and writes: the carrying groups (see
   * `recentCarryingGroups`) and spaces by key (see `recentSpaceByKey`).
   */
  recent: { carrying: RecentAnswers<Map<string, CarryingGroup>>; spaces: RecentAnswers<ConfluenceSpace> };
  /**
   * The last finished space-permission scan, for the other lists of the run (see `scanSpaces`),
   * and a counter every space-permission write bumps so a scan that saw a write is not kept.
   */
  scans: { snapshot: ScanSnapshot | undefined; generation: number };
}
