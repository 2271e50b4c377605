/** Counts requests per endpoint (method and route pattern) and per status, for tests and benchmarks. */
export class RequestCounters {
  private readonly byEndpoint = new Map<string, number>();
  private total = 0;

  record(method: string, route: string): void {
    const key = `${method} ${route}`;
    this.byEndpoint.set(key, (this.byEndpoint.get(key) ?? 0) + 1);
    this.total++;
  }

  /** `{ total, endpoints: { 'GET /wiki/api/v2/spaces': 12, … } }`, sorted by endpoint. */
  snapshot(): { total: number; endpoints: Record<string, number> } {
    const endpoints = Object.fromEntries(
      [...this.byEndpoint.entries()].sort(([a], [b]) => a.localeCompare(b)),
    );
    return { total: this.total, endpoints };
  }

  reset(): void {
    this.byEndpoint.clear();
    this.total = 0;
  }
}
