import type { DcVersion } from './model.ts';

/** Endpoint families that come and go between releases (reference §10). */
export interface DcFeatures {
  /** `PUT /rest/api/admin/user/{username}/disable|enable`, `DELETE /rest/api/admin/user/{username}` (8.2). */
  adminUserLifecycle: boolean;
  /** `POST /rest/api/admin/user`, password change, `GET /rest/api/user/list` (8.4). */
  adminUserCreate: boolean;
  /** `POST|DELETE /rest/api/admin/group`, `PUT|DELETE /rest/api/user/{username}/group/{group}` (8.2, unconfirmed). */
  restGroupWrites: boolean;
  /** `PUT /rest/api/admin/user/{username}` (9.x, unconfirmed). */
  adminUserUpdate: boolean;
  /** `/rest/api/space/{key}/permissions…` (9.1). */
  restSpacePermissions: boolean;
}

/** One emulated release: what the manifest reports and which endpoint families it serves. */
export interface DcRelease {
  fullVersion: string;
  /** The emulator's own build numbers, ordered like the releases; not Atlassian's. */
  buildNumber: number;
  features: DcFeatures;
}

/** The three releases the emulator answers as; each is the last patch line the reference describes. */
export const DC_RELEASES: Readonly<Record<DcVersion, DcRelease>> = {
  '7.19': {
    fullVersion: '7.19.30',
    buildNumber: 8804,
    features: {
      adminUserLifecycle: false,
      adminUserCreate: false,
      restGroupWrites: false,
      adminUserUpdate: false,
      restSpacePermissions: false,
    },
  },
  '8.5': {
    fullVersion: '8.5.20',
    buildNumber: 9012,
    features: {
      adminUserLifecycle: true,
      adminUserCreate: true,
      restGroupWrites: true,
      adminUserUpdate: false,
      restSpacePermissions: false,
    },
  },
  '9.2': {
    fullVersion: '9.2.3',
    buildNumber: 9206,
    features: {
      adminUserLifecycle: true,
      adminUserCreate: true,
      restGroupWrites: true,
      adminUserUpdate: true,
      restSpacePermissions: true,
    },
  },
};

/** The versions the emulator can answer as, for the command line and the control API. */
export const DC_VERSIONS = Object.keys(DC_RELEASES) as DcVersion[];
