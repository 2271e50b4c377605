import type { ScimProfiles } from '../state/cloud/scim-profiles.ts';
import type { SiteState } from '../state/cloud/site-state.ts';

export type { ScimEmail, ScimProfile } from '../state/cloud/scim-profiles.ts';

/** The SCIM profiles of a site (the state owns them, so a reset drops them). */
export function scimProfiles(state: SiteState): ScimProfiles {
  return state.scimProfiles;
}
