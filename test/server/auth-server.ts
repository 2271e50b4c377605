import type { LocalUser } from '../../src/server/auth/directory.ts';
import { parseConfig } from '../../src/server/config/load.ts';
import { createLogger } from '../../src/server/observability/logger.ts';
import { createServerMetrics } from '../../src/server/observability/metrics.ts';
import { buildWebServer } from '../../src/server/web-server.ts';
import { openStore } from '../../src/store/index.ts';

/** What an auth test server is made of: the store it shares and its sign-in accounts. */
export interface AuthServerOptions {
  storeUrl: string;
  schema?: string;
  users: LocalUser[];
  signIn?: Record<string, number>;
  /** Take the client address from X-Forwarded-For (to act as several addresses from one test). */
  trustProxy?: boolean;
}

/** The session secret every auth test server shares, as the processes of one deployment do. */
export const SHARED_SECRET = 'the-deployment-shared-session-secret-0123456789';

/** The web server of `spacegate start` (auth, sign-in pages, API basics) on its own store handle, on port 0. */
export async function startAuthServer(
  options: AuthServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const opened = await openStore({
    url: options.storeUrl,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  const config = parseConfig({
    atlassian: { connectorFile: 'unused.json' },
    server: { sessionSecret: SHARED_SECRET, trustProxy: options.trustProxy ?? false },
    auth: { users: options.users, signIn: options.signIn ?? {} },
  });
  const app = await buildWebServer({
    config,
    logger: createLogger({ level: 'silent' }),
    metrics: createServerMetrics(),
    signIns: opened.signIns,
    readiness: [],
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    close: async () => {
      await app.close();
      await opened.close();
    },
  };
}
