import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerAdminApi } from '../admin/index.ts';
import { registerConfluenceCloudApi } from '../confluence-cloud/index.ts';
import { type ControlFlavour, registerControlApi } from '../control/routes.ts';
import { registerScimApi } from '../scim/index.ts';
import { summarize } from '../state/cloud/summary.ts';
import type { EmulatorContext } from './context.ts';
import { installTrafficHooks } from './traffic-hooks.ts';

/** Builds the one Fastify app that serves every emulated Atlassian API on one port. */
export function buildEmulatorApp(
  ctx: EmulatorContext,
  reseed: (size?: string, seed?: number) => void,
): FastifyInstance {
  const app = createEmulatorFastify();
  app.addContentTypeParser(
    ['application/scim+json'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('ignore', 'ignore'),
  );
  installTrafficHooks(app, ctx);
  app.register(async (scoped) => registerScimApi(scoped, ctx), { prefix: '/scim/directory/:directoryId' });
  app.register(async (scoped) => registerAdminApi(scoped, ctx));
  app.register(async (scoped) => registerConfluenceCloudApi(scoped, ctx), { prefix: '/wiki' });
  const flavour: ControlFlavour = {
    summary: () => summarize(ctx.state),
    writeLog: () => ctx.state.writeLog,
    credentialScopes: ['site', 'admin', 'scim'],
    setRevoked: (scopes) => {
      ctx.state.credentials.revoked = new Set(scopes as Array<'site' | 'admin' | 'scim'>);
    },
  };
  app.register(async (scoped) => registerControlApi(scoped, ctx, reseed, flavour), { prefix: '/_emulator' });
  return app;
}

/** A Fastify instance configured as every emulated API expects (errors before routing get a plain 400). */
export function createEmulatorFastify(): FastifyInstance {
  return Fastify({
    logger: false,
    bodyLimit: 5 * 1024 * 1024,
    forceCloseConnections: true,
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply.code(400).send({ statusCode: 400, message: `Bad request: ${error.message}` });
    },
  });
}
