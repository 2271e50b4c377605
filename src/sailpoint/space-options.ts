import {
  ConnectorError,
  PERMISSION_OPTIONS,
  type PermissionOptionId,
  parseSpacePermissionValue,
  type SchemaAttribute,
  type SpaceEntitlement,
  type SpaceGrant,
  spacePermissionValue,
} from '../connector/index.ts';
import { simpleKey } from './outputs.ts';

/**
 * SailPoint correlates an account's entitlement values with entitlement ids, and an account holds
 * `SPACEKEY:option` values, so the package offers one `space` entitlement per option of a space
 * (`ENG:add_page`) rather than one per space: each is what an access profile grants and what a
 * review shows. This is their schema; `spaceOptionOutput` fills it.
 */
export const SPACE_OPTION_SCHEMA = {
  type: 'space',
  displayAttribute: 'name',
  identityAttribute: 'id',
  attributes: [
    { name: 'id', type: 'string', description: 'SPACEKEY:option, as accounts hold it' },
    { name: 'name', type: 'string', description: 'Space name and option label' },
    { name: 'space', type: 'string', description: 'Space key' },
    { name: 'spaceName', type: 'string', description: 'Space name' },
    { name: 'option', type: 'string', description: 'Permission option id (view, add_page, …)' },
    { name: 'label', type: 'string', description: 'Permission option label' },
    { name: 'risk', type: 'string', description: 'Default risk of the option: low, medium or high' },
    {
      name: 'manageable',
      type: 'boolean',
      description: 'Whether the connector can grant and revoke it here',
    },
    { name: 'spaceType', type: 'string', description: 'global, personal, collaboration or knowledge_base' },
    { name: 'status', type: 'string', description: 'current or archived' },
    {
      name: 'holders',
      type: 'string',
      multi: true,
      description: 'Who holds it: user:KEY, group:ID or anonymous',
    },
  ] satisfies SchemaAttribute[],
};

/** Every option a space offers, as SailPoint entitlement objects. */
export function spaceOptionOutputs(space: SpaceEntitlement) {
  return space.attributes.options.map((option) => spaceOptionOutput(space, option.id));
}

/** One option of a space as a SailPoint entitlement object; `not_found` when the space does not offer it. */
export function spaceOptionOutput(space: SpaceEntitlement, optionId: PermissionOptionId) {
  const offered = space.attributes.options.find((option) => option.id === optionId);
  const id = spacePermissionValue(space.key, optionId);
  if (offered === undefined)
    throw new ConnectorError('not_found', `space ${space.key} offers no option ${optionId}`);
  const risk = PERMISSION_OPTIONS.find((option) => option.id === optionId)?.risk ?? 'low';
  return {
    key: simpleKey(id),
    identity: id,
    type: 'space',
    attributes: {
      id,
      name: `${space.attributes.name}: ${offered.label}`,
      space: space.key,
      spaceName: space.attributes.name,
      option: optionId,
      label: offered.label,
      risk,
      manageable: offered.manageable,
      spaceType: space.attributes.spaceType,
      status: space.attributes.status,
      holders: space.attributes.grants.filter((grant) => grant.options.includes(optionId)).map(holder),
    },
  };
}

/** The space key and option of a `SPACEKEY:option` entitlement id; `invalid_input` naming the shape otherwise. */
export function parseSpaceOptionKey(key: string): { spaceKey: string; option: PermissionOptionId } {
  const parsed = parseSpacePermissionValue(key);
  if (parsed === undefined)
    throw new ConnectorError(
      'invalid_input',
      `a space permission entitlement is SPACEKEY:option (e.g. ENG:view), not ${key}`,
    );
  return { spaceKey: parsed.spaceKey, option: parsed.option.id };
}

/** The ids a removed space's options had, for a delta's `deleted` objects. */
export function removedSpaceOptionKeys(spaceKey: string): string[] {
  return PERMISSION_OPTIONS.map((option) => spacePermissionValue(spaceKey, option.id));
}

function holder(grant: SpaceGrant): string {
  const { principal } = grant;
  if (principal.type === 'user') return `user:${principal.accountKey}`;
  if (principal.type === 'group') return `group:${principal.groupId}`;
  return 'anonymous';
}
