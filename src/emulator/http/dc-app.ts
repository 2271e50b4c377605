import type { FastifyInstance } from 'fastify';
import { type DcContext, dcRateLimitHeaders, registerConfluenceDcApi } from '../confluence-dc/index.ts';
import { type ControlFlavour, registerControlApi } from '../control/routes.ts';
import { summarizeDc } from '../state/datacenter/summary.ts';
import { createEmulatorFastify } from './app.ts';
import { installTrafficHooks } from './traffic-hooks.ts';

/** Builds the Fastify app of a Data Center emulator: Confluence under its context path, the control API at `/_emulator`. */
export function buildDcEmulatorApp(
  ctx: DcContext,
  reseed: (size?: string, seed?: number) => void,
): FastifyInstance {
  const app = createEmulatorFastify();
  installTrafficHooks(app, ctx, dcRateLimitHeaders);
  const prefix = ctx.state.instance.contextPath;
  app.register(async (scoped) => registerConfluenceDcApi(scoped, ctx), prefix === '' ? {} : { prefix });
  const flavour: ControlFlavour = {
    summary: () => summarizeDc(ctx.state),
    writeLog: () => ctx.state.writeLog,
    credentialScopes: ['basic', 'pat'],
    setRevoked: (scopes) => {
      ctx.state.credentials.revoked = new Set(scopes as Array<'basic' | 'pat'>);
    },
  };
  app.register(async (scoped) => registerControlApi(scoped, ctx, reseed, flavour), { prefix: '/_emulator' });
  return app;
}
