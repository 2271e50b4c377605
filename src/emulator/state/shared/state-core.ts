import { DerivedLists } from './derived-lists.ts';
import type { WriteLogEntry, WriteOrigin } from './model.ts';

/** The part of every emulator state that records change: the change counter, the write log and the lists derived from both. */
export abstract class StateCore {
  readonly writeLog: WriteLogEntry[] = [];
  /** Lists the APIs derive from this state, dropped with it. */
  readonly derived = new DerivedLists(() => this.changes);
  private nextWriteSeq = 1;
  private changes = 0;

  constructor(
    /** The clock the state stamps changes with; tests may pin it. */
    readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * How many changes the state has seen, seeding included; it grows with every mutation, so an API
   * may cache what it derives from the state against it.
   */
  get changeCount(): number {
    return this.changes;
  }

  /** Counts a change and, unless seeding (a null origin: the starting point, not a write), logs it. */
  protected log(
    origin: WriteOrigin | null,
    operation: string,
    accountIds: string[],
    detail: Record<string, unknown>,
  ): void {
    this.changes += 1;
    if (origin === null) return;
    this.writeLog.push({
      seq: this.nextWriteSeq++,
      at: this.now().toISOString(),
      api: origin.api,
      request: origin.request,
      operation,
      accountIds,
      detail,
    });
  }
}
