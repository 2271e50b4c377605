import { randomUUID } from 'node:crypto';

/** The application error codes the emulated organization API sends (Atlassian `ApplicationError.code`). */
type AdminErrorCode =
  | 'ADMIN-400-1'
  | 'ADMIN-400-4'
  | 'ADMIN-400-24'
  | 'ADMIN-403-5'
  | 'ADMIN-403-6'
  | 'ADMIN-403-7'
  | 'ADMIN-404-1'
  | 'ADMIN-404-2'
  | 'ADMIN-404-3'
  | 'ADMIN-404-8'
  | 'ADMIN-404-10'
  | 'ADMIN-500-1';

const TITLES: Record<AdminErrorCode, string> = {
  'ADMIN-400-1': 'Invalid page cursor',
  'ADMIN-400-4': 'Invalid resource',
  'ADMIN-400-24': 'Invalid request body',
  'ADMIN-403-5': 'Not allowed to manage the group',
  'ADMIN-403-6': 'Not allowed to delete group with default-role attribute',
  'ADMIN-403-7': 'Not allowed to delete group which grants admin access to a product or org',
  'ADMIN-404-1': 'Unknown resource',
  'ADMIN-404-2': 'Organization not found',
  'ADMIN-404-3': 'Domain not found',
  'ADMIN-404-8': 'User not found',
  'ADMIN-404-10': 'Group not found',
  'ADMIN-500-1': 'Internal error',
};

/**
 * An organization API failure, sent as `{"errors":[{id,status,code,title,detail}]}`
 * (spec `Errors.ApplicationErrors.Model`, https://developer.atlassian.com/cloud/admin/organization/rest/).
 */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: AdminErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AdminApiError';
  }

  /** The response body Atlassian sends for this error. */
  body(): { errors: Array<{ id: string; status: string; code: string; title: string; detail: string }> } {
    return {
      errors: [
        {
          id: randomUUID(),
          status: String(this.status),
          code: this.code,
          title: TITLES[this.code],
          detail: this.detail,
        },
      ],
    };
  }
}

/** A failed check of a user-management request, sent as Atlassian's `{ key, context? }` body. */
export class UserManagementError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(key);
    this.name = 'UserManagementError';
  }

  /** The response body the user management API sends (spec `components.responses`). */
  body(): { key: string; context?: Record<string, unknown> } {
    return this.context === undefined ? { key: this.key } : { key: this.key, context: this.context };
  }
}
