/** Label values of one series. */
type Labels = Readonly<Record<string, string>>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escapeValue = (value: string) =>
    value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
  return `{${entries.map(([key, value]) => `${key}="${escapeValue(value)}"`).join(',')}}`;
}

interface Metric {
  render(): Promise<string[]>;
}

/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges read at scrape
 * time, and histograms. Enough for the handful of metrics Spacegate exports, without a dependency.
 */
export function createMetricsRegistry() {
  const metrics: Metric[] = [];
  return {
    /** A monotonically increasing counter. */
    counter(name: string, help: string) {
      const series = new Map<string, number>();
      metrics.push({
        render: async () => [
          `# HELP ${name} ${help}`,
          `# TYPE ${name} counter`,
          ...[...series].map(([labels, value]) => `${name}${labels} ${value}`),
        ],
      });
      return {
        inc(labels: Labels = {}, by = 1): void {
          const key = labelText(labels);
          series.set(key, (series.get(key) ?? 0) + by);
        },
      };
    },
    /** A gauge whose value is read when Prometheus scrapes. */
    gauge(name: string, help: string, collect: () => Promise<Array<{ labels?: Labels; value: number }>>) {
      metrics.push({
        render: async () => {
          const values = await collect().catch(() => []);
          return [
            `# HELP ${name} ${help}`,
            `# TYPE ${name} gauge`,
            ...values.map(({ labels, value }) => `${name}${labelText(labels ?? {})} ${value}`),
          ];
        },
      });
    },
    /** A histogram of durations in seconds. */
    histogram(name: string, help: string, buckets: number[] = DEFAULT_BUCKETS) {
      const series = new Map<string, { counts: number[]; sum: number; count: number; labels: Labels }>();
      metrics.push({
        render: async () => [
          `# HELP ${name} ${help}`,
          `# TYPE ${name} histogram`,
          ...[...series.values()].flatMap(({ counts, sum, count, labels }) => [
            ...buckets.map(
              (le, i) => `${name}_bucket${labelText({ ...labels, le: String(le) })} ${counts[i] ?? 0}`,
            ),
            `${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`,
            `${name}_sum${labelText(labels)} ${sum}`,
            `${name}_count${labelText(labels)} ${count}`,
          ]),
        ],
      });
      return {
        observe(seconds: number, labels: Labels = {}): void {
          const key = labelText(labels);
          const entry = series.get(key) ?? { counts: buckets.map(() => 0), sum: 0, count: 0, labels };
          buckets.forEach((le, i) => {
            if (seconds <= le) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
          });
          entry.sum += seconds;
          entry.count += 1;
          series.set(key, entry);
        },
      };
    },
    /** The exposition text of every metric. */
    async render(): Promise<string> {
      const lines = (await Promise.all(metrics.map((metric) => metric.render()))).flat();
      return `${lines.join('\n')}\n`;
    },
  };
}

/** A metrics registry. */
export type MetricsRegistry = ReturnType<typeof createMetricsRegistry>;

/** The metrics Spacegate exports; gauges that need the store are added by the composition root. */
export function createServerMetrics(registry: MetricsRegistry = createMetricsRegistry()) {
  return {
    registry,
    httpRequests: registry.counter(
      'spacegate_http_requests_total',
      'HTTP requests served, by method, route and status',
    ),
    aggregationDuration: registry.histogram(
      'spacegate_aggregation_duration_seconds',
      'Time an aggregation run took, by outcome',
    ),
    connectorApiCalls: registry.counter(
      'spacegate_connector_api_calls_total',
      'Atlassian API calls (attempts, retries included) by API and status',
    ),
    fulfillmentLatency: registry.histogram(
      'spacegate_fulfillment_latency_seconds',
      'Time from approval (job enqueued) to fulfillment done, by outcome',
    ),
  };
}

/** The metrics Spacegate exports. */
export type ServerMetrics = ReturnType<typeof createServerMetrics>;
