import type { Endpoint } from '../http/api.ts';

/** The Data Center flavour's two APIs: REST under `/rest` and the JSON-RPC remote API under `/rpc`. */
export type DcApiName = 'rest' | 'rpc';

const rest = (method: Endpoint['method'], path: string): Endpoint<DcApiName> => ({
  api: 'rest',
  method,
  path,
});

/** `GET /rest/applinks/1.0/manifest`: XML with `<version>` (reference §10). */
export const MANIFEST = rest('GET', '/rest/applinks/1.0/manifest');
/** `GET /rest/api/user/current`: the caller; `type: anonymous` when a PAT was not accepted (reference §1, CONFSERVER-98199). */
export const CURRENT_USER = rest('GET', '/rest/api/user/current');
/** `GET /rest/api/user?key=|username=` (reference §3). */
export const USER = rest('GET', '/rest/api/user');
/** `GET /rest/api/user/memberof?key=`: a user's groups (reference §3). */
export const MEMBER_OF = rest('GET', '/rest/api/user/memberof');
/** `GET /rest/api/group/{groupName}` (reference §4). */
export const GROUP = rest('GET', '/rest/api/group/{groupName}');
/** `GET /rest/api/group/{groupName}/member?expand=status`: direct members, 200 a page (reference §4). */
export const GROUP_MEMBERS = rest('GET', '/rest/api/group/{groupName}/member');
/** `PUT|DELETE /rest/api/user/{username}/group/{groupName}` (8.2+, reference §5), idempotent 204. */
export const ADD_MEMBER = rest('PUT', '/rest/api/user/{username}/group/{groupName}');
export const REMOVE_MEMBER = rest('DELETE', '/rest/api/user/{username}/group/{groupName}');
/** `POST /rest/api/admin/user` (8.4+, reference §5): 201 `{userKey}`. */
export const CREATE_USER = rest('POST', '/rest/api/admin/user');
/** `PUT /rest/api/admin/user/{username}` (9.x, reference §5): email and full name. */
export const UPDATE_USER = rest('PUT', '/rest/api/admin/user/{username}');
/** `PUT /rest/api/admin/user/{username}/disable|enable` (8.2+, reference §5), idempotent 204. */
export const DISABLE_USER = rest('PUT', '/rest/api/admin/user/{username}/disable');
export const ENABLE_USER = rest('PUT', '/rest/api/admin/user/{username}/enable');
/** `GET /rest/api/space?start&limit&type` (reference §6.1). */
export const SPACES = rest('GET', '/rest/api/space');
/** `GET /rest/api/space/{spaceKey}`. */
export const SPACE = rest('GET', '/rest/api/space/{spaceKey}');
/** `GET /rest/api/space/{spaceKey}/permissions` (9.1+, reference §6.2): every row, users by userKey. */
export const SPACE_PERMISSIONS = rest('GET', '/rest/api/space/{spaceKey}/permissions');
/** `PUT /rest/api/space/{spaceKey}/permissions/user/{userKey}/grant|revoke` (9.1+): additive, 204. */
export const GRANT_TO_USER = rest('PUT', '/rest/api/space/{spaceKey}/permissions/user/{userKey}/grant');
export const REVOKE_FROM_USER = rest('PUT', '/rest/api/space/{spaceKey}/permissions/user/{userKey}/revoke');
/** `POST /rpc/json-rpc/confluenceservice-v2`: JSON-RPC 2.0, the `token` argument omitted (reference §8). */
export const JSON_RPC: Endpoint<DcApiName> = {
  api: 'rpc',
  method: 'POST',
  path: '/rpc/json-rpc/confluenceservice-v2',
};
