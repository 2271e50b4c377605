import {
  DC_SPACE_PERMISSIONS,
  type DcGlobalPermission,
  type DcSpace,
  type DcSpacePermissionType,
} from '../../state/datacenter/model.ts';
import type { Principal } from '../../state/shared/model.ts';
import { same } from '../space-permissions.ts';
import { rpcGroup } from './group-methods.ts';
import { type RpcCall, RpcFault, type RpcMethod, requireRpcAdmin, stringParam } from './rpc-call.ts';

const TYPES = new Set<string>(DC_SPACE_PERMISSIONS);
const GLOBALS = new Set<string>([
  'USECONFLUENCE',
  'ADMINISTRATECONFLUENCE',
  'SYSTEMADMINISTRATOR',
  'CREATESPACE',
  'PERSONALSPACE',
]);

function space(call: RpcCall, key: string): DcSpace {
  const found = call.state.spaceByKeyName(key);
  if (found === undefined) throw new RpcFault(`No space found for space key: ${key}`);
  return found;
}

function permissionType(value: unknown): DcSpacePermissionType {
  if (typeof value !== 'string' || !TYPES.has(value))
    throw new RpcFault(`Unknown space permission: ${String(value)}`);
  return value as DcSpacePermissionType;
}

/** `remoteEntityName` is a username or a group name; Confluence resolves which (reference §8). */
function entity(call: RpcCall, name: string): Principal {
  const user = call.state.userByUsername(name);
  if (user !== undefined) return { type: 'user', id: user.userKey };
  return { type: 'group', id: rpcGroup(call, name).id };
}

function setSpace(add: boolean, anonymous: boolean, many: boolean): RpcMethod {
  return (call, params) => {
    requireRpcAdmin(call);
    const types = (many ? (Array.isArray(params[0]) ? params[0] : [null]) : [params[0]]).map(permissionType);
    const principal: Principal = anonymous
      ? { type: 'anonymous' }
      : entity(call, stringParam(params, 1, 'remoteEntityName'));
    const target = space(call, stringParam(params, anonymous ? 1 : 2, 'spaceKey'));
    for (const type of types) {
      const rows = target.permissions.filter((p) => p.type === type && same(p.principal, principal));
      if (add && rows.length === 0) call.state.addSpacePermission(target.id, principal, type, call.origin);
      if (!add)
        call.state.removeSpacePermissions(
          rows.map((p) => p.id),
          call.origin,
        );
    }
    return true;
  };
}

function setGlobal(add: boolean): RpcMethod {
  return (call, params) => {
    requireRpcAdmin(call);
    const permission = stringParam(params, 0, 'permission');
    if (!GLOBALS.has(permission)) throw new RpcFault(`Unknown global permission: ${permission}`);
    const principal = entity(call, stringParam(params, 1, 'remoteEntityName'));
    const change = add ? call.state.grantGlobal.bind(call.state) : call.state.revokeGlobal.bind(call.state);
    change(permission as DcGlobalPermission, principal, call.origin);
    return true;
  };
}

/** The space and global permission methods of `confluenceservice-v2`. */
export const PERMISSION_METHODS: Readonly<Record<string, RpcMethod>> = {
  getSpaces: (call) =>
    call.state.spaceOrder.flatMap((id) => {
      const s = call.state.spaces.get(id);
      return s === undefined
        ? []
        : [
            {
              key: s.key,
              name: s.name,
              type: s.type,
              url: `${call.state.instance.contextPath}/display/${s.key}`,
            },
          ];
    }),
  getSpaceLevelPermissions: () => [...DC_SPACE_PERMISSIONS],
  /** `RemoteSpacePermissionSet[]`: per type, the rows with `userName` and `groupName` (both null: anonymous). */
  getSpacePermissionSets: (call, params) => {
    requireRpcAdmin(call);
    const target = space(call, stringParam(params, 0, 'spaceKey'));
    return DC_SPACE_PERMISSIONS.map((type) => ({
      type,
      spacePermissions: target.permissions
        .filter((p) => p.type === type)
        .map((p) => ({
          type,
          userName:
            p.principal.type === 'user' ? (call.state.accounts.get(p.principal.id)?.username ?? null) : null,
          groupName: p.principal.type === 'group' ? p.principal.id : null,
        })),
    }));
  },
  addPermissionToSpace: setSpace(true, false, false),
  addPermissionsToSpace: setSpace(true, false, true),
  removePermissionFromSpace: setSpace(false, false, false),
  addAnonymousPermissionToSpace: setSpace(true, true, false),
  addAnonymousPermissionsToSpace: setSpace(true, true, true),
  removeAnonymousPermissionFromSpace: setSpace(false, true, false),
  addGlobalPermission: setGlobal(true),
  removeGlobalPermission: setGlobal(false),
  addAnonymousUsePermission: (call) => {
    requireRpcAdmin(call);
    call.state.grantGlobal('USECONFLUENCE', { type: 'anonymous' }, call.origin);
    return true;
  },
  removeAnonymousUsePermission: (call) => {
    requireRpcAdmin(call);
    call.state.revokeGlobal('USECONFLUENCE', { type: 'anonymous' }, call.origin);
    return true;
  },
};
