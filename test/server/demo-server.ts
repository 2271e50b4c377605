import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { type RunningSpacegate, startSpacegate } from '../../src/server/start.ts';
import { freshLocation, type StoreKind } from '../store/fresh-store.ts';

/**
 * Starts `spacegate start` in demo mode on port 0 with the small profile and its own store: a new
 * SQLite file (the default), or a new schema in the test PostgreSQL, dropped when it closes.
 */
export async function startDemoServer(
  options: {
    size?: 'small' | 'medium';
    flavor?: 'cloud' | 'datacenter';
    port?: number;
    store?: StoreKind;
    /** Keys laid over each section of the test configuration (server, auth, mail, …). */
    sections?: Record<string, Record<string, unknown>>;
  } = {},
): Promise<RunningSpacegate> {
  const dir = mkdtempSync(join(tmpdir(), 'spacegate-demo-'));
  const location = options.store === 'postgres' ? freshLocation('postgres') : undefined;
  const base: Record<string, Record<string, unknown>> = {
    store:
      location === undefined
        ? { url: `file:${join(dir, 'spacegate.db')}` }
        : { url: location.url, schema: location.schema },
    demo: {
      size: options.size ?? 'small',
      seed: 7,
      ...(options.flavor === undefined ? {} : { flavor: options.flavor }),
    },
    server: { sessionSecret: 'a-test-secret-that-is-long-enough-0123456789' },
    worker: { pollMs: 100 },
    // Every test signs in from 127.0.0.1; the per-address limit has its own test (sign-in-throttle).
    auth: { signIn: { perAddressPerMinute: 1000 } },
  };
  for (const [name, keys] of Object.entries(options.sections ?? {})) base[name] = { ...base[name], ...keys };
  const config = parseConfig(base);
  const running = await startSpacegate({
    config,
    logger: createLogger({ level: 'silent' }),
    port: options.port ?? 0,
  });
  if (location === undefined) return running;
  return {
    ...running,
    close: async () => {
      await running.close();
      await location.cleanup();
    },
  };
}

/** A TCP port free on loopback just now (for a server whose URL must be configured before it listens). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A global space (from the catalog) where the demo requester holds nothing directly, so a grant is new; `except` skips keys. */
export async function spaceRequesterLacks(
  running: RunningSpacegate,
  except: ReadonlyArray<string> = [],
): Promise<{ id: string; key: string; name: string }> {
  const response = await fetch(`${running.url}/api/v1/catalog?type=space&limit=200`, {
    headers: { authorization: `Bearer ${running.demoToken}` },
  });
  const items = ((await response.json()) as { items: Array<{ id: string; key: string; name: string }> })
    .items;
  const state = running.runtime.emulator?.state;
  const email = running.demoAccounts.find((a) => a.username === 'requester')?.identity ?? '';
  const accountId = state?.accountByEmailAddress(email)?.accountId;
  const holdsDirectly = (key: string) =>
    state
      ?.spaceByKeyName(key)
      ?.permissions.some((p) => p.principal.type === 'user' && p.principal.id === accountId);
  const found = items.find(
    (item) => !item.key.startsWith('~') && !except.includes(item.key) && holdsDirectly(item.key) === false,
  );
  if (found === undefined) throw new Error('no global space the requester lacks');
  return found;
}
