import { z } from 'zod';
import { PERMISSION_OPTIONS, type PermissionOptionId, type RiskLevel } from '../../connector/index.ts';
import { parseCatalogItemId } from '../catalog/catalog-item-id.ts';
import type { SubmittedKind } from '../model.ts';
import { readYaml, schemaError } from '../policy/yaml-errors.ts';

const OPTION_IDS = PERMISSION_OPTIONS.map((o) => o.id) as [PermissionOptionId, ...PermissionOptionId[]];
const risk = z.enum(['low', 'medium', 'high']);
/** A catalog item id, refused with the parser's own words (`the group id is empty`). */
const catalogItemIdText = z.string().superRefine((text, ctx) => {
  try {
    parseCatalogItemId(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const condition = z
  .object({
    kind: z.array(z.enum(['grant', 'revoke'])).optional(),
    types: z.array(z.enum(['group', 'space'])).optional(),
    items: z.array(catalogItemIdText).optional(),
    risk: z.array(risk).optional(),
    permissionsAny: z.array(z.enum(OPTION_IDS)).optional(),
    permissionsOnly: z.array(z.enum(OPTION_IDS)).optional(),
  })
  .strict();

const approver = z.union([
  z.enum(['manager', 'itemOwner', 'spaceAdmins']),
  z.object({ people: z.array(z.string().min(1)).min(1) }).strict(),
]);

const stage = z
  .object({
    name: z.string().min(1),
    when: condition.default({}),
    approvers: z.array(approver).min(1),
    mode: z.enum(['any', 'all']).default('any'),
    remindAfterHours: z.number().positive().optional(),
    escalateAfterHours: z.number().positive().optional(),
    escalateTo: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((s) => s.escalateAfterHours === undefined || s.escalateTo.length > 0, {
    message: 'escalateAfterHours needs escalateTo',
    path: ['escalateTo'],
  });

const schema = z
  .object({
    version: z.literal(1),
    workflows: z.array(
      z.object({ name: z.string().min(1), when: condition.default({}), stages: z.array(stage) }).strict(),
    ),
  })
  .strict();

/** When a workflow or stage applies; every given field must hold. */
export type WorkflowCondition = z.infer<typeof condition>;
/** Who approves: a rule or a named list of identity ids. */
export type ApproverRule = z.infer<typeof approver>;
/** A named workflow: ordered stages (none: the request approves itself). */
export type Workflow = z.infer<typeof schema>['workflows'][number];

/** What a condition is checked against. */
export interface RequestFacts {
  kind: SubmittedKind;
  itemId: string;
  type: 'group' | 'space';
  risk: RiskLevel;
  permissions: PermissionOptionId[];
}

/** Whether every field of the condition holds for the request. */
export function conditionHolds(c: WorkflowCondition, facts: RequestFacts): boolean {
  if (c.kind !== undefined && !c.kind.includes(facts.kind)) return false;
  if (c.types !== undefined && !c.types.includes(facts.type)) return false;
  if (c.items !== undefined && !c.items.includes(facts.itemId)) return false;
  if (c.risk !== undefined && !c.risk.includes(facts.risk)) return false;
  if (c.permissionsAny !== undefined && !facts.permissions.some((p) => c.permissionsAny?.includes(p)))
    return false;
  if (c.permissionsOnly !== undefined && !facts.permissions.every((p) => c.permissionsOnly?.includes(p)))
    return false;
  return true;
}

/** The customer's approval workflows, in the order they are tried. */
export interface WorkflowPolicy {
  file: string;
  workflows: Workflow[];
  /** The first workflow whose condition holds, or undefined. */
  select(facts: RequestFacts): Workflow | undefined;
}

/** Loads approval workflows from YAML; every error names the file, the workflow and the field (`workflow.invalid`). */
export function loadWorkflowPolicy(file: string, text: string): WorkflowPolicy {
  const data = readYaml(file, text, 'workflow.invalid');
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw schemaError(file, 'workflow.invalid', 'workflows', 'workflow', data, parsed.error.issues);
  }
  const workflows = parsed.data.workflows;
  return { file, workflows, select: (facts) => workflows.find((w) => conditionHolds(w.when, facts)) };
}
