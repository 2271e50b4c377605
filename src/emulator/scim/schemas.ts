/** The core User schema URN (RFC 7643 §4.1). */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The core Group schema URN (RFC 7643 §4.2). */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** The enterprise User extension URN (RFC 7643 §4.3). */
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Atlassian's extension that carries the Atlassian accountId of a SCIM user. */
export const ATLASSIAN_SCHEMA = 'urn:scim:schemas:extension:atlassian-external:1.0';

/** The ListResponse message URN (RFC 7644 §3.4.2). */
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** The PatchOp message URN (RFC 7644 §3.5.2). */
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM resource as JSON. */
export type ScimJson = Record<string, unknown>;
