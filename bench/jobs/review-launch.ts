// `node --import tsx bench/jobs/review-launch.ts prepare SIZE DB_FILE`: a demo `spacegate start` on its
// own SQLite file (the emulator in process, the first aggregation done), then stops; the file stays.
// DB_FILE may be `postgres://…/test#SCHEMA` instead: the store is that schema (launched in place, no copy).
// `node --import tsx bench/jobs/review-launch.ts launch DB_FILE [SCOPE]`: on a copy of that file,
// defines a campaign (the person's manager reviews, an active identity as fallback) over SCOPE
// (`everything`, the largest `department`, `department:NAME`, `space:KEY`), launches it and prints
// one JSON line: items (or the refusal), wall time, peak RSS, and the SQL statements the launch ran.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { randomIds, systemClock } from '../../src/core/index.ts';
import { createReviewService } from '../../src/core/reviews/review-service.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { startSpacegate } from '../../src/server/start.ts';
import { openStore } from '../../src/store/index.ts';

const [mode = 'launch', ...rest] = process.argv.slice(2);

if (mode === 'prepare') {
  const [size = 'medium', file = 'review-launch.db'] = rest;
  const started = Date.now();
  const config = parseConfig({
    store: storeOf(file),
    demo: { size, seed: 1 },
    server: { sessionSecret: 'a-bench-secret-that-is-long-enough-0123456789' },
    worker: { enabled: false },
    log: { level: 'silent' },
  });
  const running = await startSpacegate({ config, logger: createLogger({ level: 'silent' }), port: 0 });
  const admin = running.demoAccounts.find((a) => a.username === 'admin')?.identity ?? '';
  await running.close();
  process.stdout.write(`${JSON.stringify({ prepared: file, size, admin, startMs: Date.now() - started })}\n`);
} else {
  const [source = 'review-launch.db', scopeName = 'everything'] = rest;
  const postgres = source.startsWith('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-bench-review-'));
  const file = postgres ? source : join(dir, 'spacegate.db');
  if (!postgres) copyFileSync(source, file);
  let statements = 0;
  const prepare = SqliteDatabase.prototype.prepare;
  SqliteDatabase.prototype.prepare = function counted(this: SqliteDatabase.Database, text: string) {
    statements += 1;
    return prepare.call(this, text);
  } as typeof prepare;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const { store, close } = await openStore(storeOf(file));
  const reviews = createReviewService({ store, clock: systemClock, ids: randomIds });
  const { admin, department } = await store.transaction(async (tx) => {
    const people = await tx.identities.page({ limit: 1, status: 'active', q: 'admin' });
    const all = await tx.identities.page({ limit: 500, status: 'active' });
    const counts = new Map<string, number>();
    for (const p of all.items) counts.set(p.department ?? '', (counts.get(p.department ?? '') ?? 0) + 1);
    const biggest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    return { admin: people.items[0] ?? all.items[0], department: biggest };
  });
  if (admin === undefined) throw new Error('the store has no active identity');
  const asker = { actor: 'bench', administrator: true, auditor: false, identityId: admin.id };
  const campaign = await reviews.define(asker, {
    name: `bench ${scopeName}`,
    scope: {
      spaces: scopeName.startsWith('space:') ? [scopeName.slice('space:'.length)] : [],
      groups: [],
      risks: [],
      departments: scopeName.startsWith('department')
        ? [scopeName.startsWith('department:') ? scopeName.slice('department:'.length) : department]
        : [],
    },
    reviewers: { rule: 'manager', named: [], fallback: admin.id },
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    undecided: 'keep',
    reminderAfterMs: null,
    escalateAfterMs: null,
  });
  const rssBefore = Math.round(process.memoryUsage().rss / 2 ** 20);
  statements = 0;
  const started = performance.now();
  const launched = await reviews
    .launch(asker, campaign.id)
    .catch((error: Error) => ({ refused: error.message }));
  const wallMs = Math.round(performance.now() - started);
  const launchStatements = statements;
  await close();
  process.stdout.write(
    `${JSON.stringify({
      db: file,
      scope: scopeName === 'department' ? `department:${department}` : scopeName,
      ...('refused' in launched ? { refused: launched.refused } : { items: launched.items }),
      wallMs,
      statements: launchStatements,
      rssBeforeMb: rssBefore,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

/** The store a bench argument names: a SQLite file, or `postgres://…#schema`. */
function storeOf(arg: string): { url: string; schema?: string } {
  if (!arg.startsWith('postgres')) return { url: `file:${arg}` };
  const [url = arg, schema] = arg.split('#');
  return schema === undefined ? { url } : { url, schema };
}
