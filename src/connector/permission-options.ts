/**
 * The space permission options a person can be given in a Confluence space, in the order the
 * space permissions screen shows them. Each maps to Confluence Cloud's operation key and target
 * (v1 `POST /wiki/rest/api/space/{key}/permission`, SpacePermissionRequest); Delete Mail has no API.
 */
export const PERMISSION_OPTIONS = [
  { id: 'view', label: 'View', key: 'read', target: 'space', risk: 'low' },
  { id: 'delete_own', label: 'Delete Own', key: 'delete', target: 'space', risk: 'low' },
  { id: 'add_page', label: 'Add Page', key: 'create', target: 'page', risk: 'low' },
  { id: 'archive_page', label: 'Archive Page', key: 'archive', target: 'page', risk: 'medium' },
  { id: 'delete_page', label: 'Delete Page', key: 'delete', target: 'page', risk: 'medium' },
  { id: 'add_blog', label: 'Add Blog', key: 'create', target: 'blogpost', risk: 'low' },
  { id: 'delete_blog', label: 'Delete Blog', key: 'delete', target: 'blogpost', risk: 'medium' },
  { id: 'add_comment', label: 'Add Comment', key: 'create', target: 'comment', risk: 'low' },
  { id: 'delete_comment', label: 'Delete Comment', key: 'delete', target: 'comment', risk: 'medium' },
  { id: 'add_attachment', label: 'Add Attachment', key: 'create', target: 'attachment', risk: 'low' },
  {
    id: 'delete_attachment',
    label: 'Delete Attachment',
    key: 'delete',
    target: 'attachment',
    risk: 'medium',
  },
  {
    id: 'restrictions',
    label: 'Add/Delete Restrictions',
    key: 'restrict_content',
    target: 'space',
    risk: 'high',
  },
  { id: 'delete_mail', label: 'Delete Mail', key: null, target: null, risk: 'medium' },
  { id: 'export_space', label: 'Export Space', key: 'export', target: 'space', risk: 'high' },
  { id: 'admin', label: 'Admin', key: 'administer', target: 'space', risk: 'high' },
] as const;

export type PermissionOption = (typeof PERMISSION_OPTIONS)[number];
export type PermissionOptionId = PermissionOption['id'];
export type RiskLevel = 'low' | 'medium' | 'high';

const BY_ID = new Map<string, PermissionOption>(PERMISSION_OPTIONS.map((option) => [option.id, option]));

/** The option with this id, or undefined when the id is not a permission option. */
export function permissionOption(id: string): PermissionOption | undefined {
  return BY_ID.get(id);
}

/** Whether the Confluence API can grant and revoke this option (Delete Mail cannot). */
export function isManageable(option: PermissionOption): boolean {
  return option.key !== null;
}

/** The option for a Confluence operation key and target, if it is one of the options. */
export function optionForOperation(key: string, target: string): PermissionOption | undefined {
  return PERMISSION_OPTIONS.find((option) => option.key === key && option.target === target);
}

/**
 * How a held space permission is written in an account's `spacePermissions` attribute and in
 * attribute changes: `SPACEKEY:option`, e.g. `ENG:add_page`. Space keys never contain a colon.
 */
export function spacePermissionValue(spaceKey: string, option: PermissionOptionId): string {
  return `${spaceKey}:${option}`;
}

/** Splits `SPACEKEY:option`; undefined when malformed or the option is unknown. */
export function parseSpacePermissionValue(
  value: string,
): { spaceKey: string; option: PermissionOption } | undefined {
  const at = value.lastIndexOf(':');
  if (at <= 0) return undefined;
  const option = permissionOption(value.slice(at + 1));
  return option === undefined ? undefined : { spaceKey: value.slice(0, at), option };
}
