import type { DcState } from '../state/datacenter/dc-state.ts';
import { DcRestError } from './errors.ts';

/**
 * Refuses a write to a user, group or membership that lives in a read-only directory (reference §9:
 * Read Only LDAP). The status is configurable (`settings.readOnlyStatus`, default 403) because
 * Atlassian does not document it; the message names Crowd's read-only refusal.
 */
export function requireWritable(
  state: DcState,
  kind: 'user' | 'group',
  ...entries: Array<{ directoryId: number }>
): void {
  for (const entry of entries) {
    const directory = state.directoryOf(entry);
    if (directory.readOnly)
      throw new DcRestError(
        state.settings.readOnlyStatus,
        `Directory '${directory.name}' is read-only: com.atlassian.crowd.exception.${kind === 'group' ? 'ReadOnlyGroupException' : 'OperationNotPermittedException'}`,
      );
  }
}
