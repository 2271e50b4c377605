import { mapConcurrent, type Settled } from '../kit/concurrent.ts';
import type { CloudContext } from './context.ts';
import type { ConfluenceSpace } from './space-shapes.ts';
import { type PermissionRow, spacePages, spacePermissionRows } from './spaces-api.ts';

/** Which spaces a scan covers. */
export interface ScanOptions {
  includePersonal: boolean;
  signal?: AbortSignal;
}

/**
 * Every space with its permission rows, fetched concurrently (one permission listing per space,
 * several in flight) and yielded as each completes; a space whose listing fails comes out as a failure.
 */
export async function* scanSpaces(
  ctx: CloudContext,
  options: ScanOptions,
): AsyncGenerator<Settled<ConfluenceSpace, PermissionRow[]>> {
  async function* spaces(): AsyncGenerator<ConfluenceSpace> {
    for await (const page of spacePages(ctx, options.signal)) {
      for (const space of page) {
        if (options.includePersonal || space.type !== 'personal') yield space;
      }
    }
  }
  yield* mapConcurrent(spaces(), ctx.config.concurrency * 2, (space) =>
    spacePermissionRows(ctx, space.id, options.signal),
  );
}
