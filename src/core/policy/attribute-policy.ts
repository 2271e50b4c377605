import { z } from 'zod';
import type { Identity } from '../model.ts';
import {
  type AttributeCondition,
  conditionsHold,
  identityValue,
  isIdentityAttribute,
} from './identity-attributes.ts';
import { readYaml, schemaError } from './yaml-errors.ts';

/** Account attributes a policy may set unless the connector declares others. */
export const DEFAULT_ACCOUNT_ATTRIBUTES = ['displayName', 'firstName', 'lastName', 'department', 'jobTitle'];

const identityName = z.string().refine(isIdentityAttribute, {
  message: 'unknown identity attribute (use a standard one or extra.<column>)',
});
const condition = z
  .object({
    attribute: identityName,
    equals: z.string().optional(),
    notEquals: z.string().optional(),
    in: z.array(z.string()).optional(),
    notIn: z.array(z.string()).optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.notEquals, c.in, c.notIn].filter((op) => op !== undefined).length === 1, {
    message: 'give exactly one of equals, notEquals, in, notIn',
  });
const TEMPLATE_REF = /\{([^}]+)\}/g;
const source = z.union([
  z.object({ from: identityName }).strict(),
  z
    .object({ template: z.string() })
    .strict()
    .refine((t) => [...t.template.matchAll(TEMPLATE_REF)].every((m) => isIdentityAttribute(m[1] ?? '')), {
      message: 'template names an unknown identity attribute',
    }),
]);

/** Loosely read, for the shape checks that run even when a field is bad. */
type RawRule = { on?: unknown; set?: unknown; deactivate?: unknown };

const isLeave = (r: RawRule): boolean => Array.isArray(r.on) && r.on.includes('leave');
const isProfile = (r: RawRule): boolean =>
  Array.isArray(r.on) && r.on.some((event) => event === 'create' || event === 'modify');

/** What a rule must look like: a leave rule says `deactivate`, a create or modify rule says `set`. */
const SHAPE_CHECKS: Array<{ path: string; message: string; fails: (r: RawRule) => boolean }> = [
  {
    path: 'on',
    message: 'leave cannot share a rule with create or modify (a leave rule says deactivate, not set)',
    fails: (r) => isLeave(r) && isProfile(r),
  },
  {
    path: 'set',
    message: 'a leave rule sets no account attributes; say deactivate: true or false',
    fails: (r) => isLeave(r) && !isProfile(r) && r.set !== undefined,
  },
  {
    path: 'deactivate',
    message: 'a leave rule says deactivate: true or false',
    fails: (r) => isLeave(r) && !isProfile(r) && r.deactivate === undefined,
  },
  {
    path: 'deactivate',
    message: 'only a rule on: [leave] deactivates',
    fails: (r) => isProfile(r) && !isLeave(r) && r.deactivate !== undefined,
  },
  {
    path: 'set',
    message: 'a create or modify rule needs set: the account attributes it sets',
    fails: (r) => isProfile(r) && !isLeave(r) && r.set === undefined,
  },
];

function policySchema(accountAttributes: string[]) {
  let rule = z
    .object({
      name: z.string().min(1),
      on: z.array(z.enum(['create', 'modify', 'leave'])).min(1),
      when: z.array(condition).default([]),
      set: z
        .record(
          z.string().refine((name) => accountAttributes.includes(name), {
            message: `not an account attribute (one of ${accountAttributes.join(', ')})`,
          }),
          source,
        )
        .optional(),
      deactivate: z.boolean().optional(),
    })
    .strict();
  // The shape checks run even when a field is bad, so every problem of a rule is named at once.
  for (const check of SHAPE_CHECKS) {
    rule = rule.refine((r: unknown) => typeof r !== 'object' || r === null || !check.fails(r as RawRule), {
      path: [check.path],
      message: check.message,
      when: () => true,
    });
  }
  return z.object({ version: z.literal(1), rules: z.array(rule) }).strict();
}

/** The events a rule applies on: an account created, an identity changed in HR, an identity leaving. */
export type AttributeEvent = 'create' | 'modify' | 'leave';

/**
 * One rule: on which events, for which identities, which account attributes get which values
 * (create, modify), or whether the account is deactivated (leave).
 */
export interface AttributeRule {
  name: string;
  on: AttributeEvent[];
  when: AttributeCondition[];
  /** Empty for a leave rule. */
  set: Record<string, { from: string } | { template: string }>;
  /** Leave rules only: whether the leaver's account is deactivated on the site. */
  deactivate?: boolean;
}

/** What the leave rules decide for one leaver: deactivate or not, and the rule that decided. */
export interface LeaveDecision {
  deactivate: boolean;
  rule: string;
}

/** A loaded attribute policy: which identity attributes flow to which account attributes. */
export interface AttributePolicy {
  file: string;
  rules: AttributeRule[];
  /** The account attributes the rules for this event set for this identity; later rules win. */
  attributesFor(identity: Identity, event: 'create' | 'modify'): Record<string, string | null>;
  /**
   * Whether this leaver's account is deactivated: the last leave rule whose conditions hold
   * decides; undefined when none does (access is removed, the account stays enabled).
   */
  onLeave(identity: Identity): LeaveDecision | undefined;
}

/**
 * Loads an attribute policy from YAML; every error names the file, the rule and the field
 * (`policy.invalid`).
 */
export function loadAttributePolicy(
  file: string,
  text: string,
  accountAttributes: string[] = DEFAULT_ACCOUNT_ATTRIBUTES,
): AttributePolicy {
  const data = readYaml(file, text, 'policy.invalid');
  const parsed = policySchema(accountAttributes).safeParse(data);
  if (!parsed.success) throw schemaError(file, 'policy.invalid', 'rules', 'rule', data, parsed.error.issues);
  const rules: AttributeRule[] = parsed.data.rules.map((r) => ({ ...r, set: r.set ?? {} }) as AttributeRule);
  return {
    file,
    rules,
    attributesFor(identity, event) {
      const out: Record<string, string | null> = {};
      for (const rule of rules) {
        if (!rule.on.includes(event) || !conditionsHold(identity, rule.when)) continue;
        for (const [attribute, from] of Object.entries(rule.set)) {
          out[attribute] =
            'from' in from
              ? identityValue(identity, from.from)
              : from.template
                  .replace(TEMPLATE_REF, (_, name: string) => identityValue(identity, name) ?? '')
                  .trim();
        }
      }
      return out;
    },
    onLeave(identity) {
      let decision: LeaveDecision | undefined;
      for (const rule of rules) {
        if (!rule.on.includes('leave') || !conditionsHold(identity, rule.when)) continue;
        decision = { deactivate: rule.deactivate === true, rule: rule.name };
      }
      return decision;
    },
  };
}
