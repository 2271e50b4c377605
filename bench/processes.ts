import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';

/** The connector configuration `spacegate emulator --write-config` writes (the parts benchmarks use). */
export interface EmulatorConfig {
  site: { url: string; email: string; apiToken: string };
  scim: { url: string; directoryId: string; apiKey: string };
  /** Data Center's instead of `site`: the base URL with the context path. */
  baseUrl?: string;
}

/** Waits for `spacegate emulator --write-config FILE` to write its configuration. */
export async function waitForConfig(emulator: ChildProcess, file: string): Promise<EmulatorConfig> {
  for (let waited = 0; waited < 600_000; waited += 250) {
    if (emulator.exitCode !== null) throw new Error(`emulator exited with ${emulator.exitCode}`);
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0) return JSON.parse(await readFile(file, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('emulator did not start within 10 minutes');
}

/** Starts `spacegate emulator` in its own process: size, seed and latency, its config written to `configFile`. */
export function spawnEmulator(
  bin: string,
  options: { size: string; seed: string; latencyMs: string; configFile: string; dcVersion?: string },
) {
  const flavour =
    options.dcVersion === undefined ? [] : ['--flavor', 'datacenter', '--dc-version', options.dcVersion];
  return spawn(
    process.execPath,
    [bin, 'emulator', ...flavour, '--size', options.size, '--seed', options.seed, '--port', '0'].concat([
      '--latency-ms',
      options.latencyMs,
      '--write-config',
      options.configFile,
    ]),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** The peak resident set of a process so far (Linux `VmHWM`), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The resident set of a process now (Linux `VmRSS`), in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
