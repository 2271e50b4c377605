import type { PermissionOptionId } from '../../connector/index.ts';
import { parseCatalogItemId } from '../catalog/catalog-item-id.ts';
import { DomainError } from '../errors.ts';
import { accessValues } from '../lifecycle/access-values.ts';
import { openKeyOf } from '../lifecycle/open-key.ts';
import type { CatalogItem, Identity, ResolvedStage, SubmittedKind } from '../model.ts';
import type { StoreTx } from '../ports/store.ts';
import { candidateApprovers, resolveStages } from '../workflows/resolve-stages.ts';
import type { RequestFacts, WorkflowPolicy } from '../workflows/workflow-policy.ts';
import { mayRequestFor } from './beneficiary-rule.ts';
import { checkPermissions, heldValues, spaceAdmins, withViewCascade } from './request-rules.ts';

/** What a person submits: for themselves or another, one item, options for a space, why, until when. */
export interface SubmitRequestInput {
  kind?: SubmittedKind;
  requesterId: string;
  beneficiaryId?: string;
  itemId: string;
  permissions?: string[];
  justification: string;
  endDate?: string | null;
  /**
   * Whether the requester administers: given by every entry point so the core decides who may
   * request for whom (`mayRequestFor`); absent only for the core's own callers and tests.
   */
  requesterIsAdministrator?: boolean;
}

/** A submission that passed every check. */
export interface CheckedSubmission {
  kind: SubmittedKind;
  beneficiary: Identity;
  item: CatalogItem;
  permissions: PermissionOptionId[];
  endDate: string | null;
  openKey: string;
}

async function activeIdentity(tx: StoreTx, id: string, role: string): Promise<Identity> {
  const identity = await tx.identities.get(id);
  if (identity === undefined) {
    throw new DomainError('identity.not_found', `no identity ${id} (${role})`, { id, role });
  }
  if (identity.status === 'leaver') throw new DomainError('identity.leaver', `${id} has left`, { id, role });
  return identity;
}

function checkEndDate(kind: SubmittedKind, endDate: string | null | undefined, now: Date): string | null {
  if (endDate === undefined || endDate === null || endDate === '') return null;
  if (kind === 'revoke') {
    throw new DomainError('request.invalid', 'a revocation has no end date', { field: 'endDate' });
  }
  const at = new Date(endDate);
  if (Number.isNaN(at.getTime()) || at <= now) {
    throw new DomainError('request.invalid', 'the end date must be a time in the future', {
      field: 'endDate',
    });
  }
  return at.toISOString();
}

async function checkItem(tx: StoreTx, itemId: string, kind: SubmittedKind): Promise<CatalogItem> {
  parseCatalogItemId(itemId);
  const item = await tx.catalog.get(itemId);
  if (item === undefined) throw new DomainError('catalog.not_found', `no catalog item ${itemId}`);
  if (kind === 'grant' && !item.requestable) {
    throw new DomainError('catalog.not_requestable', `${item.name} cannot be requested`, { itemId: item.id });
  }
  return item;
}

/**
 * Checks a submission and refuses it with the reason: people active, item requestable, options
 * manageable, a justification, an end date in the future, no open duplicate, and for a grant
 * nothing already held (for a revocation, everything held).
 */
export async function checkSubmission(
  tx: StoreTx,
  input: SubmitRequestInput,
  now: Date,
): Promise<CheckedSubmission> {
  const kind = input.kind ?? 'grant';
  const requester = await activeIdentity(tx, input.requesterId, 'requester');
  const beneficiaryId = input.beneficiaryId ?? input.requesterId;
  if (input.requesterIsAdministrator !== undefined && beneficiaryId !== requester.id) {
    const asker = { administrator: input.requesterIsAdministrator, identity: requester };
    if (!mayRequestFor(asker, await tx.identities.get(beneficiaryId))) {
      // The same words whether or not the person exists, so the rule cannot probe the HR directory.
      throw new DomainError(
        'request.forbidden',
        'you may request only for yourself or, as a manager, for your active direct reports',
      );
    }
  }
  const beneficiary = await activeIdentity(tx, beneficiaryId, 'beneficiary');
  const item = await checkItem(tx, input.itemId, kind);
  if (input.justification.trim() === '') {
    throw new DomainError('request.invalid', 'a justification is required', { field: 'justification' });
  }
  const chosen = await checkPermissions(tx, item, input.permissions ?? []);
  const permissions = kind === 'revoke' ? await withViewCascade(tx, beneficiary.id, item, chosen) : chosen;
  const endDate = checkEndDate(kind, input.endDate, now);
  const openKey = openKeyOf({ beneficiaryId: beneficiary.id, itemId: item.id, kind });
  const open = await tx.requests.findOpen(openKey);
  if (open !== undefined) {
    throw new DomainError('request.duplicate_open', `request ${open.id} for this is still open`, {
      requestId: open.id,
    });
  }
  const { values } = accessValues(item, permissions);
  const held = await heldValues(tx, beneficiary.id, values);
  if (kind === 'grant' && held.length > 0) {
    throw new DomainError('request.already_held', `already held: ${held.join(', ')}`, { held });
  }
  const missing = values.filter((v) => !held.includes(v));
  if (kind === 'revoke' && missing.length > 0) {
    throw new DomainError('request.not_held', `not held: ${missing.join(', ')}`, { missing });
  }
  return { kind, beneficiary, item, permissions, endDate, openKey };
}

/** Picks the workflow for the request and freezes its stages with the approvers active now. */
export async function freezeWorkflow(
  tx: StoreTx,
  policy: WorkflowPolicy,
  requesterId: string,
  checked: CheckedSubmission,
  facts: RequestFacts,
): Promise<{ workflow: string; stages: ResolvedStage[] }> {
  const workflow = policy.select(facts);
  if (workflow === undefined) {
    throw new DomainError(
      'workflow.no_approvers',
      `no workflow applies to this ${facts.kind} of ${facts.itemId}`,
      {
        facts,
      },
    );
  }
  const people = {
    requesterId,
    beneficiary: checked.beneficiary,
    itemOwner: checked.item.owner,
    spaceAdmins: await spaceAdmins(tx, checked.item),
  };
  const active = new Set<string>();
  for (const id of candidateApprovers(workflow, people)) {
    if ((await tx.identities.get(id))?.status === 'active') active.add(id);
  }
  return { workflow: workflow.name, stages: resolveStages(workflow, facts, { ...people, active }) };
}
