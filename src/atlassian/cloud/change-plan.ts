import type { AttributeChange, PermissionOptionId } from '../../connector/index.ts';
import {
  invalid,
  type ChangePlan as KitChangePlan,
  planChanges as planKitChanges,
} from '../kit/change-plan.ts';
import { cloudOperation } from './operation-keys.ts';

/** Profile attributes an update may Set or Remove, and where SCIM keeps each. */
export const PROFILE_ATTRIBUTES = {
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  displayName: 'displayName',
  department: 'department',
  jobTitle: 'title',
} as const;

/** A profile attribute an update can change. */
export type ProfileAttribute = keyof typeof PROFILE_ATTRIBUTES;

const READ_ONLY = ['accountId', 'email', 'status', 'guest'];

/** The ChangePlan of a Cloud update. */
export type ChangePlan = KitChangePlan<ProfileAttribute>;

/**
 * Validates and splits attribute changes with Cloud's rules: the five profile attributes SCIM
 * keeps, and every option but Delete Mail (`unsupported`: Cloud's API has no mail target).
 */
export function planChanges(changes: readonly AttributeChange[]): ChangePlan {
  return planKitChanges(changes, {
    profile: Object.keys(PROFILE_ATTRIBUTES) as ProfileAttribute[],
    readOnly: READ_ONLY,
    manageable: (option) => cloudOperation(option) !== undefined,
  });
}

/** What to do in one space: options to grant and to revoke, with View rules applied. */
export interface SpaceStep {
  grant: PermissionOptionId[];
  /** Revoke these rows' options; when View is among them only View is revoked (it cascades). */
  revoke: PermissionOptionId[];
}

/**
 * Applies Atlassian's rules to one space: granting anything without View grants View first;
 * revoking View revokes everything, so it is the only revoke sent; nothing held is re-granted.
 */
export function spaceStep(
  held: ReadonlySet<PermissionOptionId>,
  add: PermissionOptionId[],
  remove: PermissionOptionId[],
): SpaceStep {
  const removing = new Set(remove.filter((option) => held.has(option)));
  if (removing.has('view')) {
    if (add.some((option) => option !== 'view'))
      throw invalid('cannot grant options while revoking View in the same space');
    return { grant: [], revoke: ['view'] };
  }
  const grant = [...new Set(add.filter((option) => !held.has(option) && !removing.has(option)))];
  if (grant.length > 0 && !held.has('view') && !grant.includes('view')) grant.unshift('view');
  grant.sort((a, b) => (a === 'view' ? -1 : b === 'view' ? 1 : 0));
  return { grant, revoke: [...removing] };
}
