/**
 * The space permission options a person can be given in a Confluence space, in the order the
 * space permissions screen shows them (Cloud and Data Center show the same fifteen). Flavour
 * neutral: each adapter maps the ids to its own API and says, per space, which it can manage.
 */
export const PERMISSION_OPTIONS = [
  { id: 'view', label: 'View', risk: 'low' },
  { id: 'delete_own', label: 'Delete Own', risk: 'low' },
  { id: 'add_page', label: 'Add Page', risk: 'low' },
  { id: 'archive_page', label: 'Archive Page', risk: 'medium' },
  { id: 'delete_page', label: 'Delete Page', risk: 'medium' },
  { id: 'add_blog', label: 'Add Blog', risk: 'low' },
  { id: 'delete_blog', label: 'Delete Blog', risk: 'medium' },
  { id: 'add_comment', label: 'Add Comment', risk: 'low' },
  { id: 'delete_comment', label: 'Delete Comment', risk: 'medium' },
  { id: 'add_attachment', label: 'Add Attachment', risk: 'low' },
  { id: 'delete_attachment', label: 'Delete Attachment', risk: 'medium' },
  { id: 'restrictions', label: 'Add/Delete Restrictions', risk: 'high' },
  { id: 'delete_mail', label: 'Delete Mail', risk: 'medium' },
  { id: 'export_space', label: 'Export Space', risk: 'high' },
  { id: 'admin', label: 'Admin', risk: 'high' },
] as const;

/** One of the options above. */
export type PermissionOption = (typeof PERMISSION_OPTIONS)[number];
/** The id of a permission option (`view`, `add_page`, …). */
export type PermissionOptionId = PermissionOption['id'];
/** How much harm a grant can do: drives approval stages and the catalog's defaults. */
export type RiskLevel = 'low' | 'medium' | 'high';

const BY_ID = new Map<string, PermissionOption>(PERMISSION_OPTIONS.map((option) => [option.id, option]));
const ORDER = new Map<string, number>(PERMISSION_OPTIONS.map((option, index) => [option.id, index]));

/** The option with this id, or undefined when the id is not a permission option. */
export function permissionOption(id: string): PermissionOption | undefined {
  return BY_ID.get(id);
}

/** Option ids without repeats, in the order the space permissions screen shows them. */
export function sortOptions(ids: Iterable<PermissionOptionId>): PermissionOptionId[] {
  return [...new Set(ids)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
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
