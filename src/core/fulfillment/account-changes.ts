import type { AccountRecord, AttributeChange } from '../../connector/index.ts';

/** The attribute that holds a kind of access on an account. */
export type AccessAttribute = 'groups' | 'spacePermissions';

/** The values of a multi-valued access attribute the account holds now. */
function heldOn(account: AccountRecord, attribute: AccessAttribute): Set<string> {
  return new Set(account.attributes[attribute]);
}

/**
 * The changes still needed to reach the goal, read from the account as it is now: Add for each
 * value not yet held, Remove for each value still held. Empty when the account is already there,
 * which is what makes a retried or re-run job write nothing twice.
 */
export function pendingChanges(
  account: AccountRecord,
  kind: 'grant' | 'revoke',
  attribute: AccessAttribute,
  values: string[],
): AttributeChange[] {
  const held = heldOn(account, attribute);
  const todo = values.filter((value) => (kind === 'grant' ? !held.has(value) : held.has(value)));
  return todo.map((value) => ({ op: kind === 'grant' ? 'Add' : 'Remove', attribute, value }));
}

/** Set changes for the attributes whose current value differs from the wanted one. */
export function attributeSets(account: AccountRecord, wanted: Record<string, unknown>): AttributeChange[] {
  return Object.entries(wanted)
    .filter(([name, value]) => (account.attributes[name] ?? null) !== (value ?? null))
    .map(([attribute, value]) => ({ op: 'Set', attribute, value }));
}
