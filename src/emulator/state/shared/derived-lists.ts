interface Entry {
  changes: number;
  value: unknown;
}

/**
 * Lists an API derives from the state (ordered, filtered), kept until the state next changes: paging
 * through a large site asks for the same list once per page. The state owns it, so a reseed, which
 * replaces the state, drops it too.
 */
export class DerivedLists {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly changeCount: () => number) {}

  /** The list under this key, computed again only when the state has changed since. */
  get<T>(key: string, compute: () => T[]): T[] {
    const changes = this.changeCount();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.changes === changes) return hit.value as T[];
    if (this.entries.size > 64) this.entries.clear();
    const value = compute();
    this.entries.set(key, { changes, value });
    return value;
  }
}
