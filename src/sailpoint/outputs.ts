import type { AccountRecord, EntitlementRecord } from '../connector/index.ts';

/** SailPoint's attribute values: strings, numbers, booleans, null, or lists of strings or numbers. */
type AttributeValue = boolean | string | string[] | number | number[] | null;

/** SailPoint's simple key. */
export const simpleKey = (id: string) => ({ simple: { id } });

/** An account as SailPoint's account outputs carry it (`std:account:list`, read, update, …). */
export function accountOutput(record: AccountRecord) {
  return {
    key: simpleKey(record.key),
    identity: record.identity,
    disabled: record.disabled,
    locked: false,
    attributes: attributes(record.attributes),
  };
}

/** An entitlement as SailPoint's entitlement outputs carry it; structured values become JSON strings. */
export function entitlementOutput(record: EntitlementRecord) {
  return {
    key: simpleKey(record.key),
    identity: record.key,
    type: record.type,
    attributes: attributes(record.attributes as Record<string, unknown>),
  };
}

/** Coerces a record's attributes to SailPoint's value types without losing anything. */
function attributes(source: Record<string, unknown>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(source).map(([name, value]) => [name, attributeValue(value)]));
}

function attributeValue(value: unknown): AttributeValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number')) return value as number[];
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return JSON.stringify(value);
}
