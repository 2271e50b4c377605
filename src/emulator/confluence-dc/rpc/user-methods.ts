import type { DcUser } from '../../state/datacenter/model.ts';
import { createUser, parseNewUser } from '../user-input.ts';
import {
  type RpcCall,
  RpcFault,
  type RpcMethod,
  requireRpcAdmin,
  rpcUser,
  rpcWritable,
  stringParam,
} from './rpc-call.ts';

/** `RemoteUser` (reference §8): `name`, `fullname`, `email`, `url`, plus `key`. */
function remoteUser(call: RpcCall, user: DcUser): Record<string, unknown> {
  return {
    name: user.username,
    fullname: user.displayName,
    email: user.email,
    url: `${call.state.instance.contextPath}/display/~${user.username}`,
    key: user.userKey,
  };
}

function setActive(active: boolean): RpcMethod {
  return (call, params) => {
    requireRpcAdmin(call);
    const user = rpcUser(call, stringParam(params, 0, 'username'));
    if (user.active === active) return true;
    rpcWritable(call, 'user', user);
    call.state.updateAccount(
      user.userKey,
      { active },
      call.origin,
      active ? 'account.enable' : 'account.disable',
    );
    return true;
  };
}

/** The user methods of `confluenceservice-v2`. */
export const USER_METHODS: Readonly<Record<string, RpcMethod>> = {
  getUserByName: (call, params) => remoteUser(call, rpcUser(call, stringParam(params, 0, 'username'))),
  getUserByKey: (call, params) => {
    const user = call.state.accounts.get(stringParam(params, 0, 'userKey'));
    if (user === undefined) throw new RpcFault(`No user with key '${String(params[0])}' found`);
    return remoteUser(call, user);
  },
  hasUser: (call, params) => call.state.userByUsername(stringParam(params, 0, 'username')) !== undefined,
  isActiveUser: (call, params) => rpcUser(call, stringParam(params, 0, 'username')).active,
  /** With `viewAll` false: active users holding *Can use*; with true: every user (reference §7). */
  getActiveUsers: (call, params) => {
    const viewAll = params[0] === true;
    const { state } = call;
    return state.accountOrder.flatMap((key) => {
      const user = state.accounts.get(key);
      if (user === undefined) return [];
      return viewAll || state.hasGlobal(key, 'USECONFLUENCE') ? [user.username] : [];
    });
  },
  addUser: (call, params) => {
    requireRpcAdmin(call);
    const remote = (params[0] ?? {}) as Record<string, unknown>;
    const input = safe(() =>
      parseNewUser({
        userName: remote.name,
        fullName: remote.fullname,
        email: remote.email,
        password: params[1],
      }),
    );
    if (call.state.userByUsername(input.userName) !== undefined)
      throw new RpcFault(`User '${input.userName}' already exists`);
    createUser(call.state, input, call.origin);
    return null;
  },
  editUser: (call, params) => {
    requireRpcAdmin(call);
    const remote = (params[0] ?? {}) as Record<string, unknown>;
    const user = rpcUser(call, String(remote.name));
    rpcWritable(call, 'user', user);
    const change = {
      ...(typeof remote.fullname === 'string' ? { displayName: remote.fullname } : {}),
      ...(typeof remote.email === 'string' ? { email: remote.email } : {}),
    };
    call.state.updateAccount(user.userKey, change, call.origin);
    return true;
  },
  removeUser: (call, params) => {
    requireRpcAdmin(call);
    const user = rpcUser(call, stringParam(params, 0, 'username'));
    rpcWritable(call, 'user', user);
    call.state.deleteUser(user.userKey, call.origin);
    return true;
  },
  deactivateUser: setActive(false),
  reactivateUser: setActive(true),
};

function safe<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new RpcFault(error instanceof Error ? error.message : String(error));
  }
}
