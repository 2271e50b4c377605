import type { DcGroup } from '../../state/datacenter/model.ts';
import {
  type RpcCall,
  RpcFault,
  type RpcMethod,
  requireRpcAdmin,
  rpcUser,
  rpcWritable,
  stringParam,
} from './rpc-call.ts';

/** The group with this name, or a fault. */
export function rpcGroup(call: RpcCall, name: string): DcGroup {
  const group = call.state.groupByGroupName(name);
  if (group === undefined) throw new RpcFault(`No group with name '${name}' found`);
  return group;
}

function membership(add: boolean): RpcMethod {
  return (call, params) => {
    requireRpcAdmin(call);
    const user = rpcUser(call, stringParam(params, 0, 'username'));
    const group = rpcGroup(call, stringParam(params, 1, 'groupname'));
    if (group.members.has(user.userKey) === add) return true;
    rpcWritable(call, 'group', group, user);
    if (add) call.state.addMember(group.id, user.userKey, call.origin);
    else call.state.removeMember(group.id, user.userKey, call.origin);
    return true;
  };
}

/** The group methods of `confluenceservice-v2`. */
export const GROUP_METHODS: Readonly<Record<string, RpcMethod>> = {
  getGroups: (call) => [...call.state.groups.values()].map((group) => group.name).sort(),
  hasGroup: (call, params) => call.state.groupByGroupName(stringParam(params, 0, 'groupname')) !== undefined,
  getUserGroups: (call, params) =>
    call.state
      .groupsOf(rpcUser(call, stringParam(params, 0, 'username')).userKey)
      .map((group) => group.name)
      .sort(),
  addGroup: (call, params) => {
    requireRpcAdmin(call);
    const name = stringParam(params, 0, 'groupname').toLowerCase();
    if (call.state.groupByGroupName(name) !== undefined) throw new RpcFault(`Group '${name}' already exists`);
    const internal = call.state.directories.find((d) => d.type === 'internal')?.id ?? 1;
    call.state.insertGroup(
      {
        id: name,
        name,
        directoryId: internal,
        members: new Set(),
        updatedAt: call.state.now().toISOString(),
      },
      call.origin,
    );
    return true;
  },
  removeGroup: (call, params) => {
    requireRpcAdmin(call);
    const group = rpcGroup(call, stringParam(params, 0, 'groupname'));
    rpcWritable(call, 'group', group);
    const fallback =
      typeof params[1] === 'string' && params[1] !== '' ? rpcGroup(call, params[1]) : undefined;
    if (fallback !== undefined)
      for (const key of group.members) call.state.addMember(fallback.id, key, call.origin);
    call.state.deleteGroup(group.id, call.origin);
    return true;
  },
  addUserToGroup: membership(true),
  removeUserFromGroup: membership(false),
};
