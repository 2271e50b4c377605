// Runs every *.test.ts under src/ and test/ with Node's test runner (Node 20 has no glob for --test).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = (roots.length > 0 ? roots : ['src', 'test'])
  .flatMap((root) =>
    root.endsWith('.test.ts')
      ? [root]
      : readdirSync(root, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => join(root, f)),
  )
  .sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
