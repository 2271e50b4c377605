import { recordEvent } from '../audit/audit.ts';
import { requestRisk } from '../catalog/risk.ts';
import { DomainError } from '../errors.ts';
import { queueFulfillment } from '../fulfillment/queue-fulfillment.ts';
import type { AccessRequest, Identity, RequestKind, RequestStatus } from '../model.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { candidateApprovers, resolveStages } from '../workflows/resolve-stages.ts';
import { assignStage } from '../workflows/stages.ts';
import type { WorkflowPolicy } from '../workflows/workflow-policy.ts';
import { accessValues, checkPermissions, heldValues, openKeyOf, spaceAdmins } from './request-rules.ts';

/** What a person submits: for themselves or another, one item, options for a space, why, until when. */
export interface SubmitRequestInput {
  kind?: RequestKind;
  requesterId: string;
  beneficiaryId?: string;
  itemId: string;
  permissions?: string[];
  justification: string;
  endDate?: string | null;
}

/** Access and revocation requests. */
export interface RequestService {
  submit(input: SubmitRequestInput): Promise<AccessRequest>;
  cancel(requestId: string, actor: string): Promise<AccessRequest>;
  get(requestId: string): Promise<AccessRequest>;
  list(filter?: { status?: RequestStatus[]; beneficiaryId?: string }): Promise<AccessRequest[]>;
}

/** Dependencies of the request service; `workflows` is read on each submit so a reload takes effect. */
export interface RequestServiceDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  workflows: () => WorkflowPolicy;
}

async function activeIdentity(tx: StoreTx, id: string, role: string): Promise<Identity> {
  const identity = await tx.identities.get(id);
  if (identity === undefined)
    throw new DomainError('identity.not_found', `no identity ${id} (${role})`, { id, role });
  if (identity.status === 'leaver') throw new DomainError('identity.leaver', `${id} has left`, { id, role });
  return identity;
}

function checkEndDate(kind: RequestKind, endDate: string | null | undefined, now: Date): string | null {
  if (endDate === undefined || endDate === null || endDate === '') return null;
  const at = new Date(endDate);
  if (kind === 'revoke')
    throw new DomainError('request.invalid', 'a revocation has no end date', { field: 'endDate' });
  if (Number.isNaN(at.getTime()) || at <= now) {
    throw new DomainError('request.invalid', 'the end date must be a time in the future', {
      field: 'endDate',
    });
  }
  return at.toISOString();
}

/** Creates the request service: checks, refusals with reasons, workflow resolution and the first stage. */
export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { store, clock, ids } = deps;
  const submitIn = async (tx: StoreTx, input: SubmitRequestInput): Promise<AccessRequest> => {
    const kind = input.kind ?? 'grant';
    const now = clock.now();
    await activeIdentity(tx, input.requesterId, 'requester');
    const beneficiary = await activeIdentity(tx, input.beneficiaryId ?? input.requesterId, 'beneficiary');
    const item = await tx.catalog.get(input.itemId);
    if (item === undefined) throw new DomainError('catalog.not_found', `no catalog item ${input.itemId}`);
    if (kind === 'grant' && !item.requestable) {
      throw new DomainError('catalog.not_requestable', `${item.name} cannot be requested`, {
        itemId: item.id,
      });
    }
    if (input.justification.trim() === '') {
      throw new DomainError('request.invalid', 'a justification is required', { field: 'justification' });
    }
    const permissions = checkPermissions(item, input.permissions ?? []);
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
    const facts = {
      kind,
      itemId: item.id,
      type: item.type,
      risk: requestRisk(item, permissions),
      permissions,
    };
    const workflow = deps.workflows().select(facts);
    if (workflow === undefined) {
      throw new DomainError('workflow.no_approvers', `no workflow applies to this ${kind} of ${item.id}`, {
        facts,
      });
    }
    const people = {
      requesterId: input.requesterId,
      beneficiary,
      itemOwner: item.owner,
      spaceAdmins: await spaceAdmins(tx, item),
    };
    const active = new Set<string>();
    for (const id of candidateApprovers(workflow, people)) {
      if ((await tx.identities.get(id))?.status === 'active') active.add(id);
    }
    const stages = resolveStages(workflow, facts, { ...people, active });
    const request: AccessRequest = {
      id: ids.next('req'),
      kind,
      requesterId: input.requesterId,
      beneficiaryId: beneficiary.id,
      itemId: item.id,
      permissions,
      justification: input.justification.trim(),
      endDate,
      status: 'awaiting_approval',
      workflow: workflow.name,
      stages,
      currentStage: 0,
      failureReason: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await tx.requests.insert(request, openKey);
    const { stages: _stages, ...summary } = request;
    await recordEvent(tx, clock, {
      actor: input.requesterId,
      type: 'request.created',
      subject: `request:${request.id}`,
      data: { ...summary, risk: facts.risk },
    });
    const first = stages[0];
    if (first === undefined) {
      await queueFulfillment(tx, clock, request, {
        actor: 'system',
        reason: `workflow "${workflow.name}" has no stages`,
      });
      return { ...request, status: 'pending' };
    }
    await assignStage(tx, deps, request, 0, first.approvers);
    return request;
  };

  return {
    submit: (input) => store.transaction((tx) => submitIn(tx, input)),
    cancel: (requestId, actor) =>
      store.transaction(async (tx) => {
        const request = await tx.requests.get(requestId);
        if (request === undefined) throw new DomainError('request.not_found', `no request ${requestId}`);
        if (request.requesterId !== actor && request.beneficiaryId !== actor) {
          throw new DomainError('approval.not_assignee', 'only the requester or the beneficiary may cancel');
        }
        const at = clock.now().toISOString();
        const moved = await tx.requests.transition(
          requestId,
          ['awaiting_approval'],
          { status: 'cancelled', updatedAt: at },
          null,
        );
        if (!moved) throw new DomainError('request.not_open', `request ${requestId} is ${request.status}`);
        await recordEvent(tx, clock, { actor, type: 'request.cancelled', subject: `request:${requestId}` });
        return { ...request, status: 'cancelled', updatedAt: at };
      }),
    async get(requestId) {
      const request = await store.transaction((tx) => tx.requests.get(requestId));
      if (request === undefined) throw new DomainError('request.not_found', `no request ${requestId}`);
      return request;
    },
    list: (filter) => store.transaction((tx) => tx.requests.list(filter)),
  };
}
