import type { DcContext } from './context.ts';
import { rpcFault } from './dc-apis.ts';
import { JSON_RPC } from './endpoints.ts';

let nextId = 1;

/**
 * Calls one `confluenceservice-v2` method in JSON-RPC 2.0 envelope mode (reference §8). Every method
 * the connector uses is a read or a set-semantics write (add or remove returns true either way), so
 * each may be repeated after an unknown outcome. A fault in a 200 body is mapped like one in a 500.
 */
export async function rpc<T>(ctx: DcContext, method: string, params: unknown[]): Promise<T> {
  const { body } = await ctx.transport.call<{ result?: T; error?: { message?: string } }>(JSON_RPC, {
    body: { jsonrpc: '2.0', method, params, id: nextId++ },
    idempotent: true,
  });
  if (body?.error !== undefined) throw rpcFault(`JSON-RPC ${method}`, String(body.error.message ?? ''), 200);
  return body?.result as T;
}
