import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';
import { notFound } from './errors.ts';
import { MAX_COUNT } from './list-query.ts';
import { type DirectoryParams, scopeOf, sendScim } from './reply.ts';
import { schemaDocuments } from './schema-documents.ts';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, type ScimJson, USER_SCHEMA } from './schemas.ts';

/**
 * The discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes[/User|/Group]`
 * and `/Schemas[/{urn}]`. Atlassian documents their bodies only as strings; these follow the RFC
 * and what the API does: PATCH and filter yes, bulk, sort, ETag and password change no.
 */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  // Get feature metadata: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-service-provider-configuration/#api-scim-directory-directoryid-serviceproviderconfig-get
  app.get<{ Params: DirectoryParams }>('/ServiceProviderConfig', async (request, reply) => {
    const { urls } = scopeOf(ctx, request);
    return sendScim(reply, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://developer.atlassian.com/cloud/admin/user-provisioning/rest/intro/',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_COUNT },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication with the directory API key as a bearer token',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${urls.base}/ServiceProviderConfig` },
    });
  });

  // Get resource types: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-schemas/#api-scim-directory-directoryid-resourcetypes-get
  app.get<{ Params: DirectoryParams }>('/ResourceTypes', async (request, reply) => {
    const { urls } = scopeOf(ctx, request);
    return sendScim(reply, 200, list(resourceTypes(urls.base)));
  });
  // Get user/group resource types: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-schemas/#api-scim-directory-directoryid-resourcetypes-user-get
  app.get<{ Params: DirectoryParams & { name: string } }>('/ResourceTypes/:name', async (request, reply) => {
    const { urls } = scopeOf(ctx, request);
    const found = resourceTypes(urls.base).find((type) => type.id === request.params.name);
    if (found === undefined) throw notFound(`Resource type '${request.params.name}' does not exist.`);
    return sendScim(reply, 200, found);
  });

  // Get all schemas: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-schemas/#api-scim-directory-directoryid-schemas-get
  app.get<{ Params: DirectoryParams }>('/Schemas', async (request, reply) => {
    const { urls } = scopeOf(ctx, request);
    return sendScim(reply, 200, list(schemaDocuments(urls.base)));
  });
  // Get user, group or enterprise schemas: https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-schemas/#api-scim-directory-directoryid-schemas-urn-ietf-params-scim-schemas-core-2-0-user-get
  app.get<{ Params: DirectoryParams & { urn: string } }>('/Schemas/:urn', async (request, reply) => {
    const { urls } = scopeOf(ctx, request);
    const found = schemaDocuments(urls.base).find((schema) => schema.id === request.params.urn);
    if (found === undefined) throw notFound(`Schema '${request.params.urn}' does not exist.`);
    return sendScim(reply, 200, found);
  });
}

function resourceTypes(base: string): ScimJson[] {
  const type = (id: string, endpoint: string, schema: string, extensions: ScimJson[]): ScimJson => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id,
    name: id,
    endpoint,
    description: id,
    schema,
    schemaExtensions: extensions,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${id}` },
  });
  return [
    type('User', '/Users', USER_SCHEMA, [{ schema: ENTERPRISE_SCHEMA, required: false }]),
    type('Group', '/Groups', GROUP_SCHEMA, []),
  ];
}

function list(resources: ScimJson[]): ScimJson {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
