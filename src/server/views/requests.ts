import { permissionOption } from '../../connector/index.ts';
import type {
  AccessRequest,
  Approval,
  CatalogItem,
  Page,
  PageRequest,
  Store,
  StoreTx,
} from '../../core/index.ts';
import { parseCatalogItemId } from '../../core/index.ts';
import { hasRole, type Principal, seesEverything } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { identityOf, type PersonRef, personIndex } from './people.ts';
import { stateInWords } from './request-state.ts';

/** An access request with names resolved and its approval stages, as the pages and the API show it. */
export interface RequestView {
  id: string;
  kind: AccessRequest['kind'];
  status: AccessRequest['status'];
  /** The catalog item; for a deactivation or a reactivation, the account (type `account`). */
  item: { id: string; name: string; type: 'group' | 'space' | 'account'; risk: string };
  permissions: Array<{ id: string; label: string }>;
  requester: PersonRef;
  beneficiary: PersonRef;
  justification: string;
  endDate: string | null;
  workflow: string;
  currentStage: number;
  failureReason: string | null;
  /** Fulfillment attempts spent when it last ended; null before. */
  attempts: number | null;
  /** Where the request stands, in words for the requester. */
  state: string;
  /** What fulfillment found in place when it ended short of its goal (values as the connector names them). */
  outcome: AccessRequest['outcome'];
  createdAt: string;
  updatedAt: string;
  stages: Array<{
    name: string;
    mode: 'any' | 'all';
    approvals: Array<{
      id: string;
      approver: PersonRef;
      decision: string | null;
      reason: string | null;
      decidedAt: string | null;
    }>;
  }>;
}

/** The view of one request, given its item, approvals and a person lookup. */
export function viewOf(
  request: AccessRequest,
  item: CatalogItem | undefined,
  approvals: ReadonlyArray<Approval>,
  person: (id: string) => PersonRef,
): RequestView {
  return {
    id: request.id,
    kind: request.kind,
    status: request.status,
    item:
      request.kind === 'deactivate' || request.kind === 'reactivate'
        ? { id: request.itemId, name: 'Confluence account', type: 'account', risk: 'high' }
        : {
            id: request.itemId,
            name: item?.name ?? request.itemId,
            type: item?.type ?? 'space',
            risk: item?.risk ?? 'low',
          },
    permissions: request.permissions.map((id) => ({ id, label: permissionOption(id)?.label ?? id })),
    requester: person(request.requesterId),
    beneficiary: person(request.beneficiaryId),
    justification: request.justification,
    endDate: request.endDate,
    workflow: request.workflow,
    currentStage: request.currentStage,
    failureReason: request.failureReason,
    attempts: request.attempts ?? null,
    state: stateInWords(request),
    outcome: request.outcome,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    stages: request.stages.map((stage, index) => ({
      name: stage.name,
      mode: stage.mode,
      approvals: approvals
        .filter((a) => a.stage === index)
        .map((a) => ({
          id: a.id,
          approver: person(a.approverId),
          decision: a.decision,
          reason: a.reason,
          decidedAt: a.decidedAt,
        })),
    })),
  };
}

/** Which requests a principal may see: everything (administrator, auditor), else their own and those they approve or own. */
function visibleTo(
  principal: Principal,
  me: string | undefined,
  approvals: ReadonlyArray<Approval>,
  item: CatalogItem | undefined,
) {
  return (request: AccessRequest): boolean => {
    if (seesEverything(principal)) return true;
    if (me === undefined) return false;
    if (request.requesterId === me || request.beneficiaryId === me) return true;
    if (approvals.some((a) => a.approverId === me)) return true;
    return hasRole(principal, 'catalog_owner') && item?.owner === me;
  };
}

/** Filters for listing requests: `mine` (requested by or for me) or everything the principal may see. */
export interface RequestListQuery extends PageRequest {
  scope: 'mine' | 'visible';
  status?: AccessRequest['status'] | undefined;
  itemId?: string | undefined;
  beneficiaryId?: string | undefined;
  q?: string | undefined;
  /** Oldest first (what has waited longest) instead of newest first. */
  oldestFirst?: boolean | undefined;
}

/** The store's restriction for what the principal may see in this scope; null when they may see nothing. */
function visibilityOf(principal: Principal, me: string | undefined, scope: RequestListQuery['scope']) {
  if (scope === 'visible' && seesEverything(principal)) return undefined;
  if (me === undefined) return null;
  const asRole = scope === 'visible';
  return { identityId: me, asApprover: asRole, asOwner: asRole && hasRole(principal, 'catalog_owner') };
}

/** Names, items and approvals of some requests, read for those requests only. */
export async function contextOf(tx: StoreTx, requests: ReadonlyArray<AccessRequest>) {
  const people = requests.flatMap((r) => [r.requesterId, r.beneficiaryId]);
  const approvals = await tx.approvals.listByRequests(requests.map((r) => r.id));
  const identities = await tx.identities.getMany([...people, ...approvals.map((a) => a.approverId)]);
  const items = new Map((await tx.catalog.getMany(requests.map((r) => r.itemId))).map((i) => [i.id, i]));
  const approvalsOf = (id: string) => approvals.filter((a) => a.requestId === id);
  return { items, approvalsOf, person: personIndex(identities) };
}

/** One page of requests, newest first, restricted in the store to what the principal may see. */
export async function listRequests(
  store: Store,
  principal: Principal,
  query: RequestListQuery,
): Promise<Page<RequestView>> {
  if (query.itemId !== undefined) parseCatalogItemId(query.itemId);
  const me = (await identityOf(store, principal))?.id;
  const visible = visibilityOf(principal, me, query.scope);
  if (visible === null) return { items: [], nextCursor: null };
  return store.transaction(async (tx) => {
    const page = await tx.requests.page({
      limit: query.limit,
      cursor: query.cursor,
      withTotal: query.withTotal,
      q: query.q,
      itemId: query.itemId,
      beneficiaryId: query.beneficiaryId,
      oldestFirst: query.oldestFirst,
      ...(query.status === undefined ? {} : { status: [query.status] }),
      ...(visible === undefined ? {} : { visibleTo: visible }),
    });
    const { items, approvalsOf, person } = await contextOf(tx, page.items);
    const views = page.items.map((r) => viewOf(r, items.get(r.itemId), approvalsOf(r.id), person));
    return { ...page, items: views };
  });
}

/** One request, if the principal may see it (else `request.not_found`-like 404, so ids do not leak). */
export async function getRequest(store: Store, principal: Principal, id: string): Promise<RequestView> {
  const me = (await identityOf(store, principal))?.id;
  const found = await store.transaction(async (tx) => {
    const request = await tx.requests.get(id);
    if (request === undefined) return undefined;
    return { request, ...(await contextOf(tx, [request])) };
  });
  const item = found?.items.get(found.request.itemId);
  const approvals = found?.approvalsOf(id) ?? [];
  if (found === undefined || !visibleTo(principal, me, approvals, item)(found.request)) {
    throw new ApiError('api.not_found', `no request ${id}`);
  }
  return viewOf(found.request, item, approvals, found.person);
}
