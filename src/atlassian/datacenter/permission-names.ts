import { PERMISSION_OPTIONS, type PermissionOptionId, type SpaceOption } from '../../connector/index.ts';

/** A Data Center space permission: the legacy constant (JSON-RPC, Java API) and its REST pair (9.1+). */
export interface DcPermission {
  /** The `PERMTYPE` string JSON-RPC's `addPermissionToSpace` and `getSpacePermissionSets` use. */
  name: string;
  /** `OperationDescription` of the REST space permission API. */
  operation: { targetType: string; operationKey: string };
}

const p = (name: string, targetType: string, operationKey: string): DcPermission => ({
  name,
  operation: { targetType, operationKey },
});

/**
 * Each permission option as Data Center names it (reference §6.3, constants from Confluence's
 * `SpacePermission`, REST pairs from the 9.1+ space permission API's operation list;
 * https://developer.atlassian.com/server/confluence/rest/v1010/api-group-space-permissions).
 * Archive Page is absent: Data Center has no such permission (it is Cloud's). Delete Mail is
 * `REMOVEMAIL` / `space delete_mail`, which both APIs grant and revoke.
 */
const PERMISSIONS: Partial<Record<PermissionOptionId, DcPermission>> = {
  view: p('VIEWSPACE', 'space', 'read'),
  delete_own: p('REMOVEOWNCONTENT', 'space', 'delete_own'),
  add_page: p('EDITSPACE', 'page', 'create'),
  delete_page: p('REMOVEPAGE', 'page', 'delete'),
  add_blog: p('EDITBLOG', 'blogpost', 'create'),
  delete_blog: p('REMOVEBLOG', 'blogpost', 'delete'),
  add_comment: p('COMMENT', 'comment', 'create'),
  delete_comment: p('REMOVECOMMENT', 'comment', 'delete'),
  add_attachment: p('CREATEATTACHMENT', 'attachment', 'create'),
  delete_attachment: p('REMOVEATTACHMENT', 'attachment', 'delete'),
  restrictions: p('SETPAGEPERMISSIONS', 'space', 'restrict'),
  delete_mail: p('REMOVEMAIL', 'space', 'delete_mail'),
  export_space: p('EXPORTSPACE', 'space', 'export'),
  admin: p('SETSPACEPERMISSIONS', 'space', 'administer'),
};

const BY_NAME = new Map<string, PermissionOptionId>(
  Object.entries(PERMISSIONS).map(([id, perm]) => [perm.name, id as PermissionOptionId]),
);
const BY_PAIR = new Map<string, PermissionOptionId>(
  Object.entries(PERMISSIONS).map(([id, perm]) => [
    `${perm.operation.targetType}/${perm.operation.operationKey}`,
    id as PermissionOptionId,
  ]),
);

/** Data Center's permission for an option; undefined when Data Center has none (Archive Page). */
export function dcPermission(option: PermissionOptionId): DcPermission | undefined {
  return PERMISSIONS[option];
}

/** The option a legacy constant stands for (`EXPORTPAGE` and other legacy names stand for none). */
export function optionForName(name: string): PermissionOptionId | undefined {
  return BY_NAME.get(name);
}

/** The option a REST operation pair stands for. */
export function optionForPair(targetType: string, operationKey: string): PermissionOptionId | undefined {
  return BY_PAIR.get(`${targetType}/${operationKey}`);
}

/** Every option as a Data Center space offers it, with whether Data Center's APIs can manage it. */
export function dcSpaceOptions(): SpaceOption[] {
  return PERMISSION_OPTIONS.map((option) => ({
    id: option.id,
    label: option.label,
    manageable: PERMISSIONS[option.id] !== undefined,
  }));
}
