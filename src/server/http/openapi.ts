import { z } from 'zod';
import type { ApiRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

const errorBody = z.object({
  code: z.string().describe('dotted error code, e.g. request.duplicate_open'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Path and query parameters from an object schema, one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** The OpenAPI 3.1 document of the guarded routes, generated from their zod schemas. */
export function buildOpenApi(routes: ReadonlyArray<ApiRoute>, info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { spec } of routes) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation: JsonSchema = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      responses: {
        [String(spec.status ?? 200)]: {
          description: 'success',
          content: { [spec.produces ?? 'application/json']: { schema: jsonSchema(spec.response, 'output') } },
        },
        default: {
          description: 'error: { code, message, details? }',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      ...(spec.access === 'public' ? { security: [] } : {}),
      ...(Array.isArray(spec.access) ? { 'x-roles': spec.access } : {}),
    };
    if (spec.body !== undefined) {
      const files = (spec.upload?.types ?? []).map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]);
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: jsonSchema(spec.body, 'input') },
          ...Object.fromEntries(files),
        },
      };
    }
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Spacegate API',
      version: info.version,
      description:
        'Access governance for Atlassian Confluence. Programs send `Authorization: Bearer <API token>`; ' +
        'the web UI uses a session cookie and a CSRF token (`x-csrf-token`). Every error is `{ code, message, details? }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token (sgt_…)' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sg_session' },
      },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
    paths,
  };
}
