import type { Identity } from '../model.ts';

/** Identity attributes a policy may read; extra HR columns are read as `extra.<column>`. */
const IDENTITY_ATTRIBUTES = [
  'id',
  'email',
  'firstName',
  'lastName',
  'department',
  'jobTitle',
  'managerId',
  'status',
] as const;

/** Whether a policy may name this identity attribute. */
export function isIdentityAttribute(name: string): boolean {
  return (IDENTITY_ATTRIBUTES as readonly string[]).includes(name) || /^extra\.[^.]+$/.test(name);
}

/** The value of an identity attribute by its policy name; null when unset. */
export function identityValue(identity: Identity, name: string): string | null {
  if (name.startsWith('extra.')) return identity.extra[name.slice('extra.'.length)] ?? null;
  const value = (identity as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** A condition on one identity attribute; exactly one operator is given. */
export interface AttributeCondition {
  attribute: string;
  equals?: string | undefined;
  notEquals?: string | undefined;
  in?: string[] | undefined;
  notIn?: string[] | undefined;
}

/** Whether the identity meets every condition (an empty list always holds). */
export function conditionsHold(identity: Identity, conditions: AttributeCondition[]): boolean {
  return conditions.every((c) => {
    const value = identityValue(identity, c.attribute);
    if (c.equals !== undefined) return value === c.equals;
    if (c.notEquals !== undefined) return value !== c.notEquals;
    if (c.in !== undefined) return value !== null && c.in.includes(value);
    if (c.notIn !== undefined) return value === null || !c.notIn.includes(value);
    return true;
  });
}
