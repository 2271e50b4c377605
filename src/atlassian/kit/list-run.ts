import { createHash } from 'node:crypto';
import { ConnectorError, type DeltaState, type ListFrame, toConnectorError } from '../../connector/index.ts';
import { type CallStats, callsSince, snapshot } from '../http/call-stats.ts';

/** What a flavour's read stream carries before delta and stats are applied. */
export type ReadEvent<T> =
  | { type: 'item'; item: T }
  | { type: 'failure'; key: string; error: ConnectorError };

/** What a list run needs of a flavour's context: its transport's counters and its error budget. */
export interface ListRunContext {
  transport: { stats: CallStats };
  config: { errorBudget: number };
}

const STATE_VERSION = 1;

/** The saved delta state: a short digest per item key, for one kind of list. */
interface SavedState {
  version: number;
  kind: string;
  digests: Record<string, string>;
}

/** A digest of an item's JSON (records are built with sorted arrays and fixed key order). */
export function digestOf(item: unknown): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64url').slice(0, 16);
}

function previousDigests(state: DeltaState | undefined, kind: string): Record<string, string> | undefined {
  const saved = state as Partial<SavedState> | undefined;
  if (saved?.version !== STATE_VERSION || saved.kind !== kind || typeof saved.digests !== 'object')
    return undefined;
  return saved.digests ?? undefined;
}

/**
 * Turns a read stream into list frames: items (only changed ones when `state` is a saved state of
 * the same kind), `removed` for keys that vanished, `failure` per failed item up to the error
 * budget (then `error_budget_exceeded`), and one `state` frame with the run's stats at the end.
 */
export async function* runList<T extends { key: string }>(
  ctx: ListRunContext,
  kind: string,
  events: AsyncIterable<ReadEvent<T>>,
  state: DeltaState | undefined,
  signal?: AbortSignal,
): AsyncGenerator<ListFrame<T>> {
  const startedAt = Date.now();
  const before = snapshot(ctx.transport.stats);
  const previous = previousDigests(state, kind);
  const digests: Record<string, string> = {};
  let items = 0;
  let failures = 0;
  try {
    for await (const event of events) {
      if (signal?.aborted) {
        throw new ConnectorError('timeout', `${kind} list aborted`, {
          retryable: false,
          cause: signal.reason,
        });
      }
      if (event.type === 'failure') {
        failures++;
        if (previous?.[event.key] !== undefined) digests[event.key] = previous[event.key] as string;
        if (failures > ctx.config.errorBudget) {
          throw new ConnectorError(
            'error_budget_exceeded',
            `${failures} items failed, more than the error budget of ${ctx.config.errorBudget}; last: ${event.error.message}`,
            {
              cause: event.error,
              retryable: event.error.retryable,
              details: { failures, lastKey: event.key },
            },
          );
        }
        yield { type: 'failure', key: event.key, error: event.error.toJSON() };
        continue;
      }
      const digest = digestOf(event.item);
      digests[event.item.key] = digest;
      items++;
      if (previous?.[event.item.key] !== digest) yield { type: 'item', item: event.item };
    }
  } catch (error) {
    throw toConnectorError(error);
  }
  if (previous !== undefined) {
    for (const key of Object.keys(previous)) if (!(key in digests)) yield { type: 'removed', key };
  }
  const calls = callsSince(ctx.transport.stats, before);
  yield {
    type: 'state',
    state: { version: STATE_VERSION, kind, digests } satisfies SavedState,
    stats: {
      apiCalls: calls.apiCalls,
      retries: calls.retries,
      items,
      failures,
      durationMs: Date.now() - startedAt,
    },
  };
}
