import { z } from 'zod';
import type { Group } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { badRequest } from './errors.ts';
import { memberUserIds } from './group-resource.ts';
import type { GroupInput } from './group-writer.ts';
import { applyPatch, type PatchOperation, pathlessEntries } from './patch-request.ts';
import { GROUP_SCHEMA, type ScimJson } from './schemas.ts';

const groupSchema = z.object({
  displayName: z.string().trim().min(1),
  externalId: z.string().nullish(),
  members: z.array(z.object({ value: z.string().min(1) })).nullish(),
});

const GROUP_ATTRIBUTES = new Map(
  ['displayName', 'externalId', 'members'].map((name) => [name.toLowerCase(), name]),
);
const READ_ONLY = new Set(['id', 'meta', 'schemas']);
const PATH = /^([A-Za-z$][\w$-]*)(\[[^\]]*\])?(?:\.([A-Za-z$][\w$-]*))?$/;

/** Validates a group body (POST/PUT): `displayName` is required, members are `{ value: <SCIM user id> }`. */
export function parseGroupInput(body: unknown): GroupInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  }
  const canonical: ScimJson = {};
  for (const [key, value] of Object.entries(body)) {
    const bare = key.startsWith(`${GROUP_SCHEMA}:`) ? key.slice(GROUP_SCHEMA.length + 1) : key;
    const attribute = GROUP_ATTRIBUTES.get(bare.toLowerCase());
    if (attribute !== undefined) canonical[attribute] = value;
  }
  const parsed = groupSchema.safeParse(canonical);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      'invalidValue',
      `Invalid value for attribute '${issue?.path.join('.') ?? ''}': ${issue?.message ?? ''}`,
    );
  }
  return {
    displayName: parsed.data.displayName,
    externalId: parsed.data.externalId ?? null,
    memberIds: (parsed.data.members ?? []).map((member) => member.value),
  };
}

/**
 * Computes the group a PATCH leaves behind: paths may name `members` (with a filter such as
 * `members[value eq "…"]`), `externalId` or `displayName`; read-only ones are `mutability`, others `invalidPath`.
 */
export function patchedGroup(state: SiteState, group: Group, operations: PatchOperation[]): GroupInput {
  const document: ScimJson = {
    displayName: group.name,
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    members: [...memberUserIds(state, group)].map((value) => ({ value })),
  };
  return parseGroupInput(applyPatch(document, operations.flatMap(rewriteOperation)));
}

function rewriteOperation(operation: PatchOperation): PatchOperation[] {
  if (operation.path !== undefined) return [{ ...operation, path: canonicalGroupPath(operation.path) }];
  const value = operation.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('invalidSyntax', `A '${operation.op}' without a path needs an object value.`);
  }
  return pathlessEntries(value).map(([key, inner]) => ({
    op: operation.op,
    path: canonicalGroupPath(key),
    value: inner,
  }));
}

function canonicalGroupPath(path: string): string {
  const bare = path.startsWith(`${GROUP_SCHEMA}:`) ? path.slice(GROUP_SCHEMA.length + 1) : path;
  const match = PATH.exec(bare);
  const head = match?.[1]?.toLowerCase();
  if (match === null || head === undefined)
    throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
  if (READ_ONLY.has(head)) throw badRequest('mutability', `Attribute '${path}' is read-only.`);
  const attribute = GROUP_ATTRIBUTES.get(head);
  const filter = match[2] ?? '';
  const sub = match[3];
  if (attribute === undefined || sub !== undefined || (filter !== '' && attribute !== 'members')) {
    throw badRequest('invalidPath', `Unknown attribute path '${path}'.`);
  }
  return `${attribute}${filter}`;
}
