import { permissionOption } from '../../connector/index.ts';
import type { AccessRequest, Approval, CatalogItem, Store } from '../../core/index.ts';
import { hasRole, type Principal, seesEverything } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { paginate } from '../http/route.ts';
import { identityOf, type PersonRef, personIndex } from './people.ts';

/** An access request with names resolved and its approval stages, as the pages and the API show it. */
export interface RequestView {
  id: string;
  kind: AccessRequest['kind'];
  status: AccessRequest['status'];
  item: { id: string; name: string; type: 'group' | 'space'; risk: string };
  permissions: Array<{ id: string; label: string }>;
  requester: PersonRef;
  beneficiary: PersonRef;
  justification: string;
  endDate: string | null;
  workflow: string;
  currentStage: number;
  failureReason: string | null;
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

function viewOf(
  request: AccessRequest,
  item: CatalogItem | undefined,
  approvals: ReadonlyArray<Approval>,
  person: (id: string) => PersonRef,
): RequestView {
  return {
    id: request.id,
    kind: request.kind,
    status: request.status,
    item: {
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
  approvalsOf: (id: string) => Approval[],
  items: Map<string, CatalogItem>,
) {
  return (request: AccessRequest): boolean => {
    if (seesEverything(principal)) return true;
    if (me === undefined) return false;
    if (request.requesterId === me || request.beneficiaryId === me) return true;
    if (approvalsOf(request.id).some((a) => a.approverId === me)) return true;
    return hasRole(principal, 'catalog_owner') && items.get(request.itemId)?.owner === me;
  };
}

/** Filters for listing requests: `mine` (requested by or for me) or everything the principal may see. */
export interface RequestListQuery {
  scope: 'mine' | 'visible';
  status?: AccessRequest['status'] | undefined;
  q?: string | undefined;
  offset: number;
  limit: number;
}

/** Loads requests with their approvals, names and items, restricted to what the principal may see. */
export async function listRequests(store: Store, principal: Principal, query: RequestListQuery) {
  const me = (await identityOf(store, principal))?.id;
  const { requests, items, identities, allApprovals } = await store.transaction(async (tx) => {
    const requests = await tx.requests.list(query.status === undefined ? {} : { status: [query.status] });
    const allApprovals: Approval[] = [];
    for (const request of requests) allApprovals.push(...(await tx.approvals.listByRequest(request.id)));
    return {
      requests,
      allApprovals,
      items: new Map((await tx.catalog.list()).map((i) => [i.id, i])),
      identities: await tx.identities.list(),
    };
  });
  const byRequest = new Map<string, Approval[]>();
  for (const approval of allApprovals)
    byRequest.set(approval.requestId, [...(byRequest.get(approval.requestId) ?? []), approval]);
  const approvalsOf = (id: string) => byRequest.get(id) ?? [];
  const person = personIndex(identities);
  const needle = query.q?.trim().toLowerCase();
  const rows = requests
    .filter(
      query.scope === 'mine'
        ? (r) => me !== undefined && (r.requesterId === me || r.beneficiaryId === me)
        : visibleTo(principal, me, approvalsOf, items),
    )
    .map((r) => viewOf(r, items.get(r.itemId), approvalsOf(r.id), person))
    .filter(
      (v) =>
        !needle ||
        [v.id, v.item.name, v.beneficiary.name, v.requester.name].some((f) =>
          f.toLowerCase().includes(needle),
        ),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return paginate(rows, query);
}

/** One request, if the principal may see it (else `request.not_found`-like 404, so ids do not leak). */
export async function getRequest(store: Store, principal: Principal, id: string): Promise<RequestView> {
  const me = (await identityOf(store, principal))?.id;
  const found = await store.transaction(async (tx) => {
    const request = await tx.requests.get(id);
    if (request === undefined) return undefined;
    const [approvals, item, identities, items] = await Promise.all([
      tx.approvals.listByRequest(id),
      tx.catalog.get(request.itemId),
      tx.identities.list(),
      tx.catalog.list(),
    ]);
    return { request, approvals, item, identities, items: new Map(items.map((i) => [i.id, i])) };
  });
  if (found === undefined || !visibleTo(principal, me, () => found.approvals, found.items)(found.request)) {
    throw new ApiError('api.not_found', `no request ${id}`);
  }
  return viewOf(found.request, found.item, found.approvals, personIndex(found.identities));
}
