/** What one aggregation job reports: items, wall time, peak memory, and the calls it believes it made. */
export interface JobResult {
  job: string;
  accounts: number;
  accountsWithDirectPermissions: number;
  wallMs: number;
  clientCalls: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Peak heap right after a forced GC (every 2 s, when run with --expose-gc): the live working set. */
  peakLiveHeapMb: number | null;
}

/** Samples memory every 50 ms (and after a forced GC every 2 s) while `run` works; prints one JSON line. */
export async function measure(
  job: string,
  run: () => Promise<{ accounts: number; accountsWithDirectPermissions: number; clientCalls: number }>,
): Promise<void> {
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 50);
  const gc = (globalThis as { gc?: () => void }).gc;
  let peakLive = 0;
  const liveTimer = setInterval(() => {
    if (gc === undefined) return;
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }, 2000);
  const started = performance.now();
  const outcome = await run();
  const wallMs = Math.round(performance.now() - started);
  clearInterval(timer);
  clearInterval(liveTimer);
  sample();
  const result: JobResult = {
    job,
    ...outcome,
    wallMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    peakLiveHeapMb: gc === undefined || peakLive === 0 ? null : Math.round(peakLive / 1024 / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Reads the connector configuration the emulator wrote. */
export async function readConfig(file: string | undefined): Promise<Record<string, unknown>> {
  if (file === undefined) throw new Error('usage: <job> CONFIG_FILE');
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
