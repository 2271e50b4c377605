import type { FastifyInstance, FastifyReply } from 'fastify';
import { originOf } from '../../http/context.ts';
import { type DcContext, dcRequest } from '../context.ts';
import { DcRestError } from '../errors.ts';
import { GROUP_METHODS } from './group-methods.ts';
import { PERMISSION_METHODS } from './permission-methods.ts';
import { RpcFault, type RpcMethod } from './rpc-call.ts';
import { USER_METHODS } from './user-methods.ts';

/** `POST /rpc/json-rpc/confluenceservice-v2`: JSON-RPC 2.0 envelope (reference §8). */
const ENVELOPE = '/rpc/json-rpc/confluenceservice-v2';
/** `POST /rpc/json-rpc/confluenceservice-v2/{method}`: "light" mode, a bare array of params. */
const LIGHT = '/rpc/json-rpc/confluenceservice-v2/:method';

const METHODS: Readonly<Record<string, RpcMethod>> = {
  ...USER_METHODS,
  ...GROUP_METHODS,
  ...PERMISSION_METHODS,
};

/**
 * Registers the JSON-RPC remote API. It is gated by the Remote API setting (off: 403); callers sign
 * in by Basic or a personal access token (whether PATs work on `/rpc` is unconfirmed; the emulator
 * accepts them). A fault answers HTTP 500 with a JSON-RPC `error` object (shape unconfirmed).
 */
export function registerJsonRpc(app: FastifyInstance, ctx: DcContext): void {
  app.post<{ Body: unknown }>(ENVELOPE, async (request, reply) => {
    const body = (request.body ?? {}) as { method?: unknown; params?: unknown; id?: unknown };
    const id = body.id ?? null;
    return run(reply, id, () => {
      if (typeof body.method !== 'string') throw new RpcFault('method must be a string');
      return invoke(ctx, request, body.method, body.params);
    });
  });
  app.post<{ Params: { method: string }; Body: unknown }>(LIGHT, async (request, reply) =>
    run(reply, null, () => invoke(ctx, request, request.params.method, request.body)),
  );
}

function invoke(
  ctx: DcContext,
  request: Parameters<typeof dcRequest>[1],
  name: string,
  params: unknown,
): unknown {
  const { state, caller } = dcRequest(ctx, request);
  if (!state.settings.remoteApi) throw new DcRestError(403, 'Remote API is disabled');
  if (caller.kind === 'anonymous') throw new DcRestError(401, 'Authentication required for the remote API');
  if (!state.hasGlobal(caller.user.userKey, 'USECONFLUENCE'))
    throw new RpcFault(
      `User ${caller.user.username} does not have permission to use Confluence`,
      'com.atlassian.confluence.rpc.NotPermittedException',
    );
  const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (method === undefined) throw new RpcFault(`No such method: ${name}`, 'java.lang.NoSuchMethodException');
  if (!Array.isArray(params)) throw new RpcFault('params must be a JSON array');
  return method({ state, caller: caller.user, origin: originOf('json-rpc', request) }, params);
}

function run(reply: FastifyReply, id: unknown, call: () => unknown): FastifyReply {
  try {
    return reply.send({ jsonrpc: '2.0', result: call() ?? null, id });
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    return reply.code(500).send({
      jsonrpc: '2.0',
      error: {
        code: 500,
        message: `${error.exception}: ${error.message}`,
        data: { exception: error.exception },
      },
      id,
    });
  }
}
