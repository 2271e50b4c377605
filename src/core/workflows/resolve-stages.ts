import { DomainError } from '../errors.ts';
import type { Identity, ResolvedStage } from '../model.ts';
import { type ApproverRule, conditionHolds, type RequestFacts, type Workflow } from './workflow-policy.ts';

const HOUR_MS = 3_600_000;

/** The people the approver rules can name for one request. */
export interface ApproverContext {
  requesterId: string;
  beneficiary: Identity;
  itemOwner: string | null;
  /** Identity ids of people who administer the space (empty for a group). */
  spaceAdmins: string[];
  /** Who may approve at all: active identities (a leaver approves nothing). */
  active: ReadonlySet<string>;
}

/** Every identity id the workflow could name for this request, to check who among them is active. */
export function candidateApprovers(workflow: Workflow, ctx: Omit<ApproverContext, 'active'>): string[] {
  const named = workflow.stages.flatMap((stage) => [
    ...stage.approvers.flatMap((rule) => (typeof rule === 'object' ? rule.people : [])),
    ...stage.escalateTo,
  ]);
  const byRule = [ctx.beneficiary.managerId, ctx.itemOwner, ...ctx.spaceAdmins];
  return [...new Set([...named, ...byRule].filter((id): id is string => id !== null))];
}

/** Whether a person is a party to the request (its requester or its beneficiary), who may never approve it. */
export function isParty(parties: { requesterId: string; beneficiaryId: string }, id: string): boolean {
  return id === parties.requesterId || id === parties.beneficiaryId;
}

function expand(rule: ApproverRule, ctx: ApproverContext): string[] {
  if (rule === 'manager') return ctx.beneficiary.managerId === null ? [] : [ctx.beneficiary.managerId];
  if (rule === 'itemOwner') return ctx.itemOwner === null ? [] : [ctx.itemOwner];
  if (rule === 'spaceAdmins') return ctx.spaceAdmins;
  return rule.people;
}

/**
 * Freezes a workflow into the stages this request goes through: stages whose condition does not
 * hold are dropped; approvers are expanded, and the parties (separation of duties: neither the
 * requester nor the beneficiary approves the request, whatever rule names them) and leavers are
 * removed. A stage left without approvers falls back to its escalation list, else
 * `workflow.no_approvers`, so the request is refused at submit with the stage named.
 */
export function resolveStages(
  workflow: Workflow,
  facts: RequestFacts,
  ctx: ApproverContext,
): ResolvedStage[] {
  const stages: ResolvedStage[] = [];
  const parties = { requesterId: ctx.requesterId, beneficiaryId: ctx.beneficiary.id };
  for (const stage of workflow.stages) {
    if (!conditionHolds(stage.when, facts)) continue;
    const eligible = (id: string): boolean => !isParty(parties, id) && ctx.active.has(id);
    let approvers = [...new Set(stage.approvers.flatMap((rule) => expand(rule, ctx)))].filter(eligible);
    if (approvers.length === 0) approvers = stage.escalateTo.filter(eligible);
    if (approvers.length === 0) {
      throw new DomainError(
        'workflow.no_approvers',
        `workflow "${workflow.name}" stage "${stage.name}" has no active approver other than the requester and the beneficiary`,
        { workflow: workflow.name, stage: stage.name },
      );
    }
    stages.push({
      name: stage.name,
      mode: stage.mode,
      approvers,
      reminderAfterMs: stage.remindAfterHours === undefined ? null : stage.remindAfterHours * HOUR_MS,
      escalateAfterMs: stage.escalateAfterHours === undefined ? null : stage.escalateAfterHours * HOUR_MS,
      escalateTo: stage.escalateTo.filter(eligible),
    });
  }
  return stages;
}
