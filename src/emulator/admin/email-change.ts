import type { Account } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import { UserManagementError } from './admin-error.ts';
import { assertAction, hasControlCharacters } from './managed-profile.ts';

const EMAIL = /^[^\s@]{1,255}@([a-z0-9-]{1,255}\.)+[a-z]{2,63}$/i;

/**
 * Validates `PUT /users/{account_id}/manage/email`: `{email}` must be an address (400
 * `fieldConstraintsViolated`), the caller must hold `email.set` (403 `forbidden.action`), and the new
 * domain must be one the organization verified (403 `forbidden.unclaimedDomain`); returns the address.
 */
export function parseEmail(state: SiteState, account: Account, body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UserManagementError(400, 'bodyParseFailure');
  }
  const { email } = body as { email?: unknown };
  if (typeof email !== 'string' || !EMAIL.test(email) || hasControlCharacters(email)) {
    const key = typeof email === 'string' ? 'format' : 'required';
    throw new UserManagementError(400, 'fieldConstraintsViolated', {
      fieldViolations: [{ field: 'email', violations: [{ key }] }],
    });
  }
  assertAction(account);
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (domain !== state.site.domain) {
    throw new UserManagementError(403, 'forbidden.unclaimedDomain', { domain });
  }
  const holder = state.accountByEmailAddress(email);
  if (holder !== undefined && holder.accountId !== account.accountId) {
    throw new UserManagementError(400, 'fieldConstraintsViolated', {
      fieldViolations: [{ field: 'email', violations: [{ key: 'unique' }] }],
    });
  }
  return email;
}
