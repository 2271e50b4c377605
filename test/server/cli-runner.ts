import { execFile } from 'node:child_process';
import type { RunningSpacegate } from '../../src/server/start.ts';

/** What one run of the real `bin/spacegate` printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real executable, as a script would, against a running server with its demo token
 * (`env` adds or overrides variables). The CLI starts slowly on a loaded machine (16 s seen at a
 * load of 27 on two cores), hence the long timeout.
 */
export function runCli(
  running: RunningSpacegate,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/spacegate', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          SPACEGATE_URL: running.url,
          SPACEGATE_TOKEN: running.demoToken ?? '',
          ...env,
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
