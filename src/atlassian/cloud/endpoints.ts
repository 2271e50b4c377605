/**
 * Every Atlassian endpoint the Cloud connector calls, one named constant each, with the reference
 * it comes from. Paths are relative to the API's base (`site.url`, `admin.url`, `scim.url`).
 */

import type { Endpoint } from '../http/api.ts';

/** The three Cloud APIs: each has its own credential and base URL. */
export type CloudApiName = 'site' | 'admin' | 'scim';

const site = (method: Endpoint['method'], path: string): Endpoint<CloudApiName> => ({
  api: 'site',
  method,
  path,
});

/** Groups by the Confluence access they grant (`accessType=user|admin`); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-get */
export const GROUPS = site('GET', '/wiki/rest/api/group');
/** One group by id; https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-by-id-get */
export const GROUP_BY_ID = site('GET', '/wiki/rest/api/group/by-id');
/** Members of a group, 200 a page; https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-groupid-membersbygroupid-get */
export const GROUP_MEMBERS = site('GET', '/wiki/rest/api/group/{groupId}/membersByGroupId');
/** Adds a user to a group (201); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-userbygroupid-post */
export const GROUP_ADD_MEMBER = site('POST', '/wiki/rest/api/group/userByGroupId');
/** Removes a user from a group (204, also when not a member); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-userbygroupid-delete */
export const GROUP_REMOVE_MEMBER = site('DELETE', '/wiki/rest/api/group/userByGroupId');
/** The groups a user belongs to; https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-memberof-get */
export const USER_MEMBER_OF = site('GET', '/wiki/rest/api/user/memberof');
/** The calling user (connection test); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-current-get */
export const CURRENT_USER = site('GET', '/wiki/rest/api/user/current');
/** CQL user search; `sitePermissionTypeFilter=externalCollaborator` lists guests; https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/#api-wiki-rest-api-search-user-get */
export const USER_SEARCH = site('GET', '/wiki/rest/api/search/user');
/** Up to 250 users by accountId with email and status; https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-user/#api-users-bulk-post */
export const USERS_BULK = site('POST', '/wiki/api/v2/users-bulk');
/** Spaces, cursor paged, up to 250 a page; https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get */
export const SPACES = site('GET', '/wiki/api/v2/spaces');
/** A space's permissions, cursor paged; https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-permissions/#api-spaces-id-permissions-get */
export const SPACE_PERMISSIONS = site('GET', '/wiki/api/v2/spaces/{id}/permissions');
/** Grants one space permission (200); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space-permissions/#api-wiki-rest-api-space-spacekey-permission-post */
export const SPACE_PERMISSION_ADD = site('POST', '/wiki/rest/api/space/{spaceKey}/permission');
/** Revokes one space permission (204; revoking View revokes all); https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space-permissions/#api-wiki-rest-api-space-spacekey-permission-id-delete */
export const SPACE_PERMISSION_REMOVE = site('DELETE', '/wiki/rest/api/space/{spaceKey}/permission/{id}');

/** Managed accounts with product access and last active; https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/#api-v1-orgs-orgid-users-get */
export const ADMIN_USERS: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'GET',
  path: '/admin/v1/orgs/{orgId}/users',
};
/** Workspaces (app instances) of the organization, filtered by query; https://developer.atlassian.com/cloud/admin/organization/rest/api-group-workspaces/#api-v2-orgs-orgid-workspaces-post */
export const ADMIN_WORKSPACES: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'POST',
  path: '/admin/v2/orgs/{orgId}/workspaces',
};
/** Directories of the organization; https://developer.atlassian.com/cloud/admin/organization/rest/api-group-directory/#api-v2-orgs-orgid-directories-get */
export const ADMIN_DIRECTORIES: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'GET',
  path: '/admin/v2/orgs/{orgId}/directories',
};
/** Groups of a directory filtered by app (`resourceIds`) and role (`roleIds`); https://developer.atlassian.com/cloud/admin/organization/rest/api-group-groups/#api-v2-orgs-orgid-directories-directoryid-groups-get */
export const ADMIN_GROUPS: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'GET',
  path: '/admin/v2/orgs/{orgId}/directories/{adminDirectoryId}/groups',
};
/** Deactivates an account (204); https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-lifecycle/#api-users-account-id-manage-lifecycle-disable-post */
export const LIFECYCLE_DISABLE: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'POST',
  path: '/users/{accountId}/manage/lifecycle/disable',
};
/** Reactivates an account (204); https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-lifecycle/#api-users-account-id-manage-lifecycle-enable-post */
export const LIFECYCLE_ENABLE: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'POST',
  path: '/users/{accountId}/manage/lifecycle/enable',
};
/** Profile of a managed account; https://developer.atlassian.com/cloud/admin/user-management/rest/api-group-profile/#api-users-account-id-manage-profile-patch */
export const MANAGED_PROFILE: Endpoint<CloudApiName> = {
  api: 'admin',
  method: 'PATCH',
  path: '/users/{accountId}/manage/profile',
};

/** SCIM users, 1-based startIndex, 100 a page; https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-get */
export const SCIM_USERS: Endpoint<CloudApiName> = {
  api: 'scim',
  method: 'GET',
  path: '/scim/directory/{directoryId}/Users',
};
/** Creates a SCIM user (201; 409 when it exists); https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-post */
export const SCIM_CREATE_USER: Endpoint<CloudApiName> = {
  api: 'scim',
  method: 'POST',
  path: '/scim/directory/{directoryId}/Users',
};
/** Reads or patches one SCIM user; https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/#api-scim-directory-directoryid-users-userid-patch */
export const SCIM_USER: Endpoint<CloudApiName> = {
  api: 'scim',
  method: 'PATCH',
  path: '/scim/directory/{directoryId}/Users/{userId}',
};
