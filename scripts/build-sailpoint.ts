// `npm run build:sailpoint [-- --out DIR]`: bundles the SailPoint connector (src/sailpoint/entry.ts)
// into one CommonJS index.js, writes connector-spec.json from the connector manifests, and packs
// both with the SDK's own `spcx package` into DIR/dist/<name>-<version>.zip (default DIR: dist/sailpoint).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildableManifests, connectorSpec } from '../src/sailpoint/index.ts';

const root = resolve(import.meta.dirname, '..');
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag >= 0 ? (process.argv[outFlag + 1] ?? '') : join(root, 'dist', 'sailpoint'));
const name = 'spacegate-confluence';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Modules the connector must never carry: the server, the stores, native code. */
const FORBIDDEN =
  /node_modules\/(fastify|@fastify|better-sqlite3|pg|pg-boss|kysely|pino-pretty)\/|src\/(server|store|core|cli|emulator)\//;

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'dist'), { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'sailpoint', 'entry.ts')],
  outfile: join(out, 'dist', 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const carried = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.test(input));
if (carried.length > 0) throw new Error(`the bundle carries modules it must not: ${carried.join(', ')}`);
writeFileSync(
  join(out, 'connector-spec.json'),
  `${JSON.stringify(connectorSpec(buildableManifests()), null, 2)}\n`,
);

const spcx = createRequire(import.meta.url).resolve('@sailpoint/connector-sdk/dist/bin/spcx.js');
const packed = spawnSync(process.execPath, [spcx, 'package'], {
  cwd: out,
  env: { ...process.env, npm_package_name: name, npm_package_version: version },
  encoding: 'utf8',
});
if (packed.status !== 0) throw new Error(`spcx package failed: ${packed.stderr}`);
const zip = join(out, 'dist', `${name}-${version}.zip`);
const kib = (file: string) => `${(statSync(file).size / 1024).toFixed(1)} KiB`;
console.log(`index.js ${kib(join(out, 'dist', 'index.js'))}, ${zip} ${kib(zip)}`);
