import { mapConcurrent, type Settled } from '../kit/concurrent.ts';
import type { CloudContext } from './context.ts';
import type { ScanningList, ScanSnapshot } from './scan-shapes.ts';
import { replayRows, snapshotBuilder } from './scan-snapshot.ts';
import type { ConfluenceSpace } from './space-shapes.ts';
import { type PermissionRow, spacePages, spacePermissionRows } from './spaces-api.ts';

/** Which spaces a scan covers, and which list asks (lists share one scan; single reads never do). */
export interface ScanOptions {
  includePersonal: boolean;
  signal?: AbortSignal;
  list?: ScanningList;
}

type ScanOutcome = Settled<ConfluenceSpace, PermissionRow[]>;

/**
 * Every space with its permission rows, yielded as each completes; a space whose listing fails
 * comes out as a failure. For a list: the scan another list finished a moment ago, if this kind of
 * list has not had it yet (replayed, with only its failed spaces listed again), else a live scan
 * that is kept, compactly, for the other lists of the run.
 */
export async function* scanSpaces(ctx: CloudContext, options: ScanOptions): AsyncGenerator<ScanOutcome> {
  if (options.list === undefined) {
    yield* liveScan(ctx, options);
    return;
  }
  const kept = ctx.scans.snapshot;
  if (kept !== undefined && kept.until <= Date.now()) ctx.scans.snapshot = undefined;
  if (kept !== undefined && kept.until > Date.now() && kept.includePersonal === options.includePersonal) {
    if (!kept.had.has(options.list)) {
      kept.had.add(options.list);
      if (kept.had.size === 3) ctx.scans.snapshot = undefined;
      yield* replay(ctx, kept, options.signal);
      return;
    }
  }
  const builder = snapshotBuilder(options.includePersonal, options.list);
  const generation = ctx.scans.generation;
  for await (const outcome of liveScan(ctx, options)) {
    builder.add(outcome.item, outcome.ok ? outcome.value : undefined);
    yield outcome;
  }
  // A permission write during the scan makes it stale; an abandoned scan never gets here.
  if (generation === ctx.scans.generation) ctx.scans.snapshot = builder.finish(Date.now());
}

function liveScan(ctx: CloudContext, options: ScanOptions): AsyncGenerator<ScanOutcome> {
  async function* spaces(): AsyncGenerator<ConfluenceSpace> {
    for await (const page of spacePages(ctx, options.signal)) {
      for (const space of page) {
        if (options.includePersonal || space.type !== 'personal') yield space;
      }
    }
  }
  return mapConcurrent(spaces(), ctx.config.concurrency * 2, (space) =>
    spacePermissionRows(ctx, space.id, options.signal),
  );
}

async function* replay(
  ctx: CloudContext,
  kept: ScanSnapshot,
  signal?: AbortSignal,
): AsyncGenerator<ScanOutcome> {
  const failed: ConfluenceSpace[] = [];
  for (const { space, pairs } of kept.spaces) {
    if (pairs === undefined) failed.push(space);
    else yield { item: space, ok: true, value: replayRows(kept, pairs) };
  }
  yield* mapConcurrent(failed, ctx.config.concurrency * 2, (space) =>
    spacePermissionRows(ctx, space.id, signal),
  );
}
