import type { DcState } from '../../state/datacenter/dc-state.ts';
import type { DcUser } from '../../state/datacenter/model.ts';
import type { WriteOrigin } from '../../state/shared/model.ts';

/** A JSON-RPC fault: Confluence's `RemoteException` family (reference §8). */
export class RpcFault extends Error {
  constructor(
    message: string,
    readonly exception = 'com.atlassian.confluence.rpc.RemoteException',
  ) {
    super(message);
  }
}

/** What a method sees: the state, the signed-in caller and the origin its writes are logged under. */
export interface RpcCall {
  state: DcState;
  caller: DcUser;
  origin: WriteOrigin;
}

/** One remote API method: takes the positional params (the `token` argument omitted). */
export type RpcMethod = (call: RpcCall, params: unknown[]) => unknown;

/** The string param at `index`, or a fault naming it. */
export function stringParam(params: unknown[], index: number, name: string): string {
  const value = params[index];
  if (typeof value !== 'string') throw new RpcFault(`${name} (parameter ${index + 1}) must be a string`);
  return value;
}

/** Requires a Confluence or System Administrator caller. */
export function requireRpcAdmin(call: RpcCall): void {
  if (!call.state.isAdmin(call.caller.userKey))
    throw new RpcFault(
      `User ${call.caller.username} does not have permission to perform this operation`,
      'com.atlassian.confluence.rpc.NotPermittedException',
    );
}

/** The user with this username, or a fault. */
export function rpcUser(call: RpcCall, username: string): DcUser {
  const user = call.state.userByUsername(username);
  if (user === undefined) throw new RpcFault(`No user with username '${username}' found`);
  return user;
}

/** Refuses a write to what lives in a read-only directory, as Crowd does. */
export function rpcWritable(
  call: RpcCall,
  kind: 'user' | 'group',
  ...entries: Array<{ directoryId: number }>
): void {
  for (const entry of entries) {
    const directory = call.state.directoryOf(entry);
    if (directory.readOnly)
      throw new RpcFault(
        `Directory '${directory.name}' is read-only`,
        `com.atlassian.crowd.exception.${kind === 'group' ? 'ReadOnlyGroupException' : 'OperationNotPermittedException'}`,
      );
  }
}
