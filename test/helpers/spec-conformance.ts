import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';

/** Atlassian's OpenAPI documents in `../shared/specs/` (never copied into the project). */
const SPECS = {
  scim: { file: 'atlassian-user-provisioning-scim.openapi.json', prefix: '' },
  admin: { file: 'atlassian-admin-organizations.openapi.json', prefix: '/admin' },
  'user-management': { file: 'atlassian-admin-user-management.openapi.json', prefix: '' },
  'confluence-v1': { file: 'confluence-cloud-rest-v1.openapi.json', prefix: '' },
  'confluence-v2': { file: 'confluence-cloud-rest-v2.openapi.json', prefix: '/wiki/api/v2' },
} as const;

export type SpecName = keyof typeof SPECS;

/** Where the shared specs are: `../shared/specs` beside the checkout (CI lays shared/ the same way). */
export const SPECS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'specs');

const backends = new Map<SpecName, Promise<OpenAPIBackend>>();

function backend(name: SpecName): Promise<OpenAPIBackend> {
  let loaded = backends.get(name);
  if (loaded === undefined) {
    const definition = JSON.parse(readFileSync(join(SPECS_DIR, SPECS[name].file), 'utf8'));
    nameOperations(definition);
    wrapAnnotatedRefs(definition);
    // quick: Atlassian's documents do not pass openapi-backend's strict schema check.
    const api = new OpenAPIBackend({
      definition,
      quick: true,
      validate: true,
      customizeAjv: (ajv) => {
        addFormats.default(ajv);
        return ajv;
      },
    });
    loaded = api.init().then(() => api);
    backends.set(name, loaded);
  }
  return loaded;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * openapi-backend validates only operations that have an `operationId`; the admin and user-management
 * documents leave many without one, so they get `<method> <path>` as theirs.
 */
function nameOperations(definition: {
  paths?: Record<string, Record<string, { operationId?: string }>>;
}): void {
  for (const [path, item] of Object.entries(definition.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (METHODS.includes(method) && operation.operationId === undefined) {
        operation.operationId = `${method.toUpperCase()} ${path}`;
      }
    }
  }
}

/**
 * The admin document writes schemas as `{ "type": "object", "description": …, "$ref": … }`, a `$ref`
 * to a schema that is itself a `$ref`; openapi-backend's quick dereferencer resolves only the outer one
 * and ajv then fails. Wrapping the inner one as `allOf: [{ $ref }]` keeps its meaning (OpenAPI 3.0
 * ignores `$ref` siblings; these two are annotations) and lets it resolve.
 */
function wrapAnnotatedRefs(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) wrapAnnotatedRefs(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const object = node as Record<string, unknown>;
  const siblings = Object.keys(object).filter((key) => key !== '$ref');
  const annotated = siblings.length > 0 && siblings.every((key) => key === 'type' || key === 'description');
  if (typeof object.$ref === 'string' && annotated) {
    object.allOf = [{ $ref: object.$ref }];
    delete object.$ref;
    delete object.type;
    return;
  }
  for (const value of Object.values(object)) wrapAnnotatedRefs(value);
}

/**
 * Checks one response against the operation Atlassian documents for this method and path.
 * Returns the problems found (an empty list means it conforms); an undocumented path is a problem.
 */
export async function responseProblems(
  spec: SpecName,
  method: string,
  url: string,
  status: number,
  body: unknown,
): Promise<string[]> {
  const api = await backend(spec);
  const { path, query } = documentPath(spec, url);
  const operation = api.matchOperation({ method: method.toLowerCase(), path, headers: {}, query });
  if (operation === undefined) return [`${method} ${path}: no such operation in ${SPECS[spec].file}`];
  const documented = Object.keys(operation.responses ?? {});
  if (!documented.includes(String(status)) && !documented.includes('default')) {
    return [
      `${operation.operationId ?? path}: status ${status} is not documented (${documented.join(', ')})`,
    ];
  }
  if (status === 204 || body === undefined || body === '') return [];
  const result = api.validator.validateResponse(body, operation, status);
  return (result.errors ?? []).map(
    (error) =>
      `${operation.operationId ?? path} ${status}: ${error.instancePath || '/'} ${error.message ?? ''}`,
  );
}

/** The path as the document writes it (its server prefix removed) and the query as an object. */
function documentPath(spec: SpecName, url: string): { path: string; query: Record<string, string> } {
  const [rawPath = '', query = ''] = url.split('?');
  const prefix = SPECS[spec].prefix;
  const path = prefix !== '' && rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) || '/' : rawPath;
  return { path, query: Object.fromEntries(new URLSearchParams(query)) };
}

/**
 * Checks one request (method, path with query, JSON body) against the operation Atlassian documents
 * for it; an undocumented path is a problem.
 */
export async function requestProblems(
  spec: SpecName,
  method: string,
  url: string,
  body: string | undefined,
): Promise<string[]> {
  const api = await backend(spec);
  const { path, query } = documentPath(spec, url);
  const line = `${method} ${url.split('?')[0] ?? url}`;
  const request = {
    method: method.toLowerCase(),
    path,
    query,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.parse(body),
  };
  const operation = api.matchOperation(request);
  if (operation === undefined) return [`${line}: not an operation of ${SPECS[spec].file}`];
  const result = api.validateRequest(request, operation);
  return (result.errors ?? []).map((error) => `${line}: ${error.instancePath || '/'} ${error.message ?? ''}`);
}
