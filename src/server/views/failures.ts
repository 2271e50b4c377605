import {
  FAILED_STATUSES,
  type FailureActor,
  type Page,
  type PageRequest,
  type Store,
} from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { requireIdentity } from './people.ts';
import { contextOf, type RequestView, viewOf } from './requests.ts';

/**
 * One page of fulfillments that gave up (failed, or partly done), newest first, filtered and
 * paged by the store; optionally one beneficiary's (an account page shows its own).
 */
export async function listFailures(
  store: Store,
  query: PageRequest & { beneficiaryId?: string | undefined },
): Promise<Page<RequestView>> {
  return store.transaction(async (tx) => {
    const page = await tx.requests.page({
      limit: query.limit,
      cursor: query.cursor,
      withTotal: query.withTotal,
      status: FAILED_STATUSES,
      beneficiaryId: query.beneficiaryId,
    });
    const { items, approvalsOf, person } = await contextOf(tx, page.items);
    return {
      ...page,
      items: page.items.map((r) => viewOf(r, items.get(r.itemId), approvalsOf(r.id), person)),
    };
  });
}

/** The principal as the core's failure rules see them: their identity id and whether they administer. */
export async function failureActorOf(store: Store, principal: Principal): Promise<FailureActor> {
  const me = await requireIdentity(store, principal);
  return { id: me.id, administrator: hasRole(principal, 'administrator') };
}
