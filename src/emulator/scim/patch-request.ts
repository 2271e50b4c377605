import {
  patchBodyValidation,
  ScimError as ScimPatchError,
  type ScimPatchOperation,
  scimPatch,
} from 'scim-patch';
import { badRequest, ScimHttpError, type ScimType } from './errors.ts';
import { PATCH_SCHEMA, type ScimJson } from './schemas.ts';

/** One PATCH operation after validation (RFC 7644 §3.5.2). */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/**
 * Reads a PatchOp body: the PatchOp schema, and `Operations` (Atlassian's own schema spells it
 * `operations`; both are read) with valid `op`s; anything else is a 400 `invalidSyntax`.
 */
export function readPatchOperations(body: unknown): PatchOperation[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalidSyntax', 'The request body must be a PatchOp message.');
  }
  const message = body as Record<string, unknown>;
  const operations = message.Operations ?? message.operations;
  const schemas = message.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA)) {
    throw badRequest('invalidSyntax', `The request must declare the schema ${PATCH_SCHEMA}.`);
  }
  if (!Array.isArray(operations) || operations.some((op) => op === null || typeof op !== 'object')) {
    throw badRequest('invalidSyntax', 'Operations must be a list of operation objects.');
  }
  try {
    patchBodyValidation({ schemas: [PATCH_SCHEMA], Operations: operations as ScimPatchOperation[] });
  } catch (error) {
    throw asScimError(error);
  }
  return (operations as Array<Record<string, unknown>>).map((operation) => {
    const op = String(operation.op).toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw badRequest('invalidSyntax', `Unsupported op '${String(operation.op)}'.`);
    }
    const path = operation.path;
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
      throw badRequest('invalidPath', 'The path must be a non-empty string.');
    }
    return { op, ...(path === undefined ? {} : { path: path.trim() }), value: operation.value };
  });
}

/** Applies validated operations to a resource document with `scim-patch`; its errors become SCIM errors. */
export function applyPatch(document: ScimJson, operations: PatchOperation[]): ScimJson {
  const resource = { ...document, schemas: [], meta: { created: new Date(0), lastModified: new Date(0) } };
  try {
    const patched: ScimJson = scimPatch(resource, operations as ScimPatchOperation[], {
      mutateDocument: false,
      treatMissingAsAdd: true,
    });
    const { schemas: _schemas, meta: _meta, ...rest } = patched;
    return rest;
  } catch (error) {
    throw asScimError(error);
  }
}

/** Maps an error thrown by `scim-patch` or `scim2-parse-filter` to a 400 with its `scimType`. */
function asScimError(error: unknown): ScimHttpError {
  if (error instanceof ScimHttpError) return error;
  if (error instanceof ScimPatchError) {
    const scimType = (error.scimCode ?? 'invalidSyntax') as ScimType;
    return badRequest(scimType, error.message);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return badRequest('invalidPath', `The path could not be read: ${detail}`);
}

/** Keys an IdP echoes in a path-less PATCH value (Okta sends `id` and `schemas`); they are ignored there. */
const ECHOED = new Set(['id', 'schemas', 'meta']);

/** The entries of a path-less PATCH value, without the read-only keys IdPs echo back. */
export function pathlessEntries(value: object): Array<[string, unknown]> {
  return Object.entries(value).filter(([key]) => !ECHOED.has(key.toLowerCase()));
}
