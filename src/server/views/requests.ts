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
  return store.transaction(async (tx) => {
    const requests = await tx.requests.list(query.status === undefined ? {} : { status: [query.status] });
    const items = new Map((await tx.catalog.list()).map((i) => [i.id, i]));
    const person = personIndex(await tx.identities.list());
    const approvals = new Map<string, Approval[]>();
    const approvalsOf = async (id: string) => {
      const known = approvals.get(id) ?? (await tx.approvals.listByRequest(id));
      approvals.set(id, known);
      return known;
    };
    const mine = (r: AccessRequest) => me !== undefined && (r.requesterId === me || r.beneficiaryId === me);
    const needle = query.q?.trim().toLowerCase() ?? '';
    const matches = (r: AccessRequest) =>
      needle === '' ||
      [
        r.id,
        items.get(r.itemId)?.name ?? r.itemId,
        person(r.beneficiaryId).name,
        person(r.requesterId).name,
      ].some((f) => f.toLowerCase().includes(needle));
    const visible: AccessRequest[] = [];
    for (const request of requests) {
      if (!matches(request)) continue;
      if (query.scope === 'mine' ? mine(request) : seesEverything(principal) || mine(request))
        visible.push(request);
      else if (query.scope === 'visible' && me !== undefined) {
        const assigned =
          visibleTo(principal, me, () => [], items)(request) ||
          (await approvalsOf(request.id)).some((a) => a.approverId === me);
        if (assigned) visible.push(request);
      }
    }
    visible.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const page = paginate(visible, query);
    const views: RequestView[] = [];
    for (const request of page.items)
      views.push(viewOf(request, items.get(request.itemId), await approvalsOf(request.id), person));
    return { ...page, items: views };
  });
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
