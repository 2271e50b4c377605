import {
  type AttributeChange,
  ConnectorError,
  type DeltaState,
  type EntitlementType,
} from '../connector/index.ts';

/** A command input as SailPoint (or the command line) sends it. */
export type CommandInput = Record<string, unknown>;

/**
 * The account or entitlement key of an input: SailPoint's `{ simple: { id } }`, or a plain string
 * (Spacegate's own shape), falling back to `identity`; `invalid_input` naming the field otherwise.
 */
export function keyOf(input: CommandInput): string {
  const key = input.key;
  if (typeof key === 'string' && key !== '') return key;
  if (typeof key === 'object' && key !== null) {
    if ('compound' in key)
      throw new ConnectorError('invalid_input', 'input.key: compound keys are not used by this connector');
    const id = (key as { simple?: { id?: unknown } }).simple?.id;
    if (typeof id === 'string' && id !== '') return id;
    throw new ConnectorError('invalid_input', 'input.key.simple.id must be a non-empty string');
  }
  if (typeof input.identity === 'string' && input.identity !== '') return input.identity;
  throw new ConnectorError(
    'invalid_input',
    'input.key is required ({ "simple": { "id": "…" } } or a string)',
  );
}

/** The entitlement type of an input: `group` or `space`. */
export function entitlementTypeOf(input: CommandInput): EntitlementType {
  if (input.type === 'group' || input.type === 'space') return input.type;
  throw new ConnectorError(
    'invalid_input',
    `input.type must be "group" or "space", not ${JSON.stringify(input.type)}`,
  );
}

/** The attribute changes of `std:account:update` (SailPoint's `AttributeChange[]`). */
export function changesOf(input: CommandInput): AttributeChange[] {
  if (!Array.isArray(input.changes))
    throw new ConnectorError('invalid_input', 'input.changes must be a list');
  return input.changes.map((change: unknown, index) => {
    const { op, attribute, value } = (change ?? {}) as Record<string, unknown>;
    if (op !== 'Add' && op !== 'Set' && op !== 'Remove')
      throw new ConnectorError('invalid_input', `input.changes[${index}].op must be Add, Set or Remove`);
    if (typeof attribute !== 'string' || attribute === '')
      throw new ConnectorError('invalid_input', `input.changes[${index}].attribute is required`);
    return { op, attribute, value };
  });
}

/**
 * The delta state to list from: `input.state` when present; SailPoint's `stateful: false` asks for
 * a full list whatever state it also sends.
 */
export function stateOf(input: CommandInput): DeltaState | undefined {
  if (input.stateful === false) return undefined;
  const { state } = input;
  return typeof state === 'object' && state !== null && !Array.isArray(state) && Object.keys(state).length > 0
    ? (state as DeltaState)
    : undefined;
}

/** The identity and attributes of `std:account:create`: SailPoint may leave `identity` out and send the email as an attribute. */
export function createInputOf(input: CommandInput): {
  identity: string;
  attributes: Record<string, unknown>;
} {
  const attributes = input.attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    throw new ConnectorError('invalid_input', 'input.attributes must be an object');
  const identity = input.identity ?? (attributes as Record<string, unknown>).email;
  if (typeof identity !== 'string' || identity === '')
    throw new ConnectorError('invalid_input', 'input.identity or input.attributes.email is required');
  return { identity, attributes: attributes as Record<string, unknown> };
}
