import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

/** What `spcx` streams back for one command: outputs, saved states, or the error it answered. */
export interface CommandResult {
  status: number;
  outputs: Array<Record<string, unknown>>;
  states: Array<Record<string, unknown>>;
  error?: string;
}

/** The SDK's local runtime serving the built package, and a way to POST `{ type, input, config }` to it. */
export interface SpcxRuntime {
  packageDir: string;
  run(type: string, input: unknown, config: unknown): Promise<CommandResult>;
}

/**
 * Builds the package with `npm run build:sailpoint`'s script into a temporary folder and starts the
 * SDK's `spcx` on the bundled `index.js`, stopped after the test file. `spcx` spawns `tsc --watch`
 * for TypeScript projects; it runs in the package folder with the project's bin folder off PATH,
 * so that finds nothing to watch.
 */
export async function startSpcx(): Promise<SpcxRuntime> {
  const packageDir = await mkdtemp(join(tmpdir(), 'spacegate-sailpoint-'));
  const built = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'build-sailpoint.ts'), '--out', packageDir],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`build:sailpoint failed: ${built.stderr}`);
  const port = await freePort();
  const spcx = createRequire(import.meta.url).resolve('@sailpoint/connector-sdk/dist/bin/spcx.js');
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  const child = spawn(process.execPath, [spcx, 'run', join(packageDir, 'dist', 'index.js'), String(port)], {
    cwd: packageDir,
    env: { PATH: path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  after(async () => {
    await stop(child);
    await rm(packageDir, { recursive: true, force: true });
  });
  await listening(child);
  // spcx routes `/*path`: any non-empty path, not `/` itself.
  const url = `http://127.0.0.1:${port}/command`;
  return {
    packageDir,
    async run(type, input, config) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type, input, config }),
      });
      return parse(response.status, await response.text());
    },
  };
}

function parse(status: number, body: string): CommandResult {
  const result: CommandResult = { status, outputs: [], states: [] };
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    let frame: { type?: string; data?: Record<string, unknown> };
    try {
      frame = JSON.parse(line);
    } catch {
      result.error = `${result.error ?? ''}${line}\n`;
      continue;
    }
    if (frame.type === 'output' && frame.data) result.outputs.push(frame.data);
    else if (frame.type === 'state' && frame.data) result.states.push(frame.data);
  }
  return result;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('listening at')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`spcx exited (${code}) before listening: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
