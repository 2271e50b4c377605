import type { FaultKind, FaultRule } from './fault-plan.ts';

const FAULT_KINDS: readonly FaultKind[] = ['status', 'reset', 'truncate', 'malformed', 'slow'];

/** Checks a fault rule from the control API or the command line; a string names what is wrong. */
export function parseFaultRule(body: unknown): FaultRule | string {
  if (typeof body !== 'object' || body === null) return 'body must be a fault rule object';
  const rule = body as Record<string, unknown>;
  if (!FAULT_KINDS.includes(rule.kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  if (rule.kind === 'status' && !(Number.isInteger(rule.status) && (rule.status as number) >= 400)) {
    return 'status must be an HTTP error status (>= 400)';
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) {
    return 'count must be a positive whole number';
  }
  if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate > 0 && rule.rate <= 1)) {
    return 'rate must be a number in (0, 1]';
  }
  if (rule.skip !== undefined && !(Number.isInteger(rule.skip) && (rule.skip as number) >= 0)) {
    return 'skip must be a whole number of requests to let through first';
  }
  if (rule.after !== undefined && typeof rule.after !== 'boolean') return 'after must be true or false';
  if (rule.delayMs !== undefined && !(Number.isInteger(rule.delayMs) && (rule.delayMs as number) > 0)) {
    return 'delayMs must be a positive whole number of milliseconds';
  }
  if (rule.count === undefined && rule.rate === undefined)
    return 'give count (next N calls) or rate (share of calls)';
  return rule as unknown as FaultRule;
}

const NUMERIC = new Set(['status', 'count', 'rate', 'retryAfterSeconds', 'delayMs', 'skip']);
const BOOLEAN = new Set(['after']);
const KEYS = new Set([...NUMERIC, ...BOOLEAN, 'pathPrefix', 'method']);

/**
 * Reads a fault from its command-line form: the kind (`status:503` for a status), then
 * `key=value` pairs, e.g. `status:503,rate=0.1`, `reset,count=5,pathPrefix=/wiki`.
 */
export function parseFaultSpec(spec: string): FaultRule | string {
  const [head = '', ...pairs] = spec.split(',').map((part) => part.trim());
  const [kind, status] = head.split(':');
  const rule: Record<string, unknown> = { kind, ...(status === undefined ? {} : { status: Number(status) }) };
  for (const pair of pairs) {
    const [key = '', value] = pair.split('=');
    if (!KEYS.has(key) || value === undefined || value === '') {
      return `"${pair}" is not key=value with a key among ${[...KEYS].join(', ')}`;
    }
    rule[key] = NUMERIC.has(key) ? Number(value) : BOOLEAN.has(key) ? booleanOf(value) : value;
  }
  return parseFaultRule(rule);
}

function booleanOf(value: string): boolean | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
