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

function policySchema(accountAttributes: string[]) {
  const rule = z
    .object({
      name: z.string().min(1),
      on: z.array(z.enum(['create', 'modify'])).min(1),
      when: z.array(condition).default([]),
      set: z.record(
        z.string().refine((name) => accountAttributes.includes(name), {
          message: `not an account attribute (one of ${accountAttributes.join(', ')})`,
        }),
        source,
      ),
    })
    .strict();
  return z.object({ version: z.literal(1), rules: z.array(rule) }).strict();
}

/** One rule: on which events, for which identities, which account attributes get which values. */
export interface AttributeRule {
  name: string;
  on: Array<'create' | 'modify'>;
  when: AttributeCondition[];
  set: Record<string, { from: string } | { template: string }>;
}

/** A loaded attribute policy: which identity attributes flow to which account attributes. */
export interface AttributePolicy {
  file: string;
  rules: AttributeRule[];
  /** The account attributes the rules for this event set for this identity; later rules win. */
  attributesFor(identity: Identity, event: 'create' | 'modify'): Record<string, string | null>;
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
  const rules = parsed.data.rules as AttributeRule[];
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
  };
}
