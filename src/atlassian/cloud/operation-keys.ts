import { PERMISSION_OPTIONS, type PermissionOptionId, type SpaceOption } from '../../connector/index.ts';

/** A Confluence Cloud v1 space permission operation: key and target (SpacePermissionRequest). */
export interface CloudOperation {
  key: string;
  target: string;
}

/**
 * Each permission option as Confluence Cloud's v1 operation key and target
 * (https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-space-permissions/#api-wiki-rest-api-space-spacekey-permission-post).
 * Delete Mail is absent: Cloud's API has no `mail` target, so it can be neither granted nor revoked.
 */
const OPERATIONS: Partial<Record<PermissionOptionId, CloudOperation>> = {
  view: { key: 'read', target: 'space' },
  delete_own: { key: 'delete', target: 'space' },
  add_page: { key: 'create', target: 'page' },
  archive_page: { key: 'archive', target: 'page' },
  delete_page: { key: 'delete', target: 'page' },
  add_blog: { key: 'create', target: 'blogpost' },
  delete_blog: { key: 'delete', target: 'blogpost' },
  add_comment: { key: 'create', target: 'comment' },
  delete_comment: { key: 'delete', target: 'comment' },
  add_attachment: { key: 'create', target: 'attachment' },
  delete_attachment: { key: 'delete', target: 'attachment' },
  restrictions: { key: 'restrict_content', target: 'space' },
  export_space: { key: 'export', target: 'space' },
  admin: { key: 'administer', target: 'space' },
};

const BY_OPERATION = new Map<string, PermissionOptionId>(
  Object.entries(OPERATIONS).map(([id, op]) => [`${op.key}/${op.target}`, id as PermissionOptionId]),
);

/** Cloud's operation for an option; undefined when Cloud's API cannot manage it (Delete Mail). */
export function cloudOperation(option: PermissionOptionId): CloudOperation | undefined {
  return OPERATIONS[option];
}

/** The option a Cloud operation key and target stand for, if it is one of the options. */
export function optionForOperation(key: string, target: string): PermissionOptionId | undefined {
  return BY_OPERATION.get(`${key}/${target}`);
}

/** Every option as a Cloud space offers it, with whether Cloud's API can manage it. */
export function cloudSpaceOptions(): SpaceOption[] {
  return PERMISSION_OPTIONS.map((option) => ({
    id: option.id,
    label: option.label,
    manageable: OPERATIONS[option.id] !== undefined,
  }));
}
