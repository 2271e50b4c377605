import {
  type Asker,
  type Identity,
  mayRequestFor,
  type Page,
  type PageRequest,
  type Store,
} from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { identityOf, type PersonRef, personRefOf } from './people.ts';

/** The asker a principal is, looked up in the store. */
export async function askerOf(store: Store, principal: Principal): Promise<Asker> {
  return { administrator: hasRole(principal, 'administrator'), identity: await identityOf(store, principal) };
}

/** For whom the asker may request: anyone (administrators), their direct reports (managers), or only themselves. */
export type RequestScope = 'anyone' | 'reports' | 'self';

/** The asker's scope: anyone (administrators), their reports when they manage an active identity, else themselves. */
export async function requestScopeOf(store: Store, asker: Asker): Promise<RequestScope> {
  if (asker.administrator) return 'anyone';
  const me = asker.identity;
  if (me === undefined) return 'self';
  const reports = await store.transaction((tx) =>
    tx.identities.page({ limit: 1, managerId: me.id, status: 'active', excludeId: me.id }),
  );
  return reports.items.length > 0 ? 'reports' : 'self';
}

/**
 * The beneficiary id to submit for an optional email: undefined for oneself (no email, or one's
 * own); `auth.forbidden` when `mayRequestFor` refuses. For administrators an unknown email is
 * passed through as the id, so the core refuses it with `identity.not_found` like any other rule.
 */
export async function beneficiaryIdFor(
  store: Store,
  principal: Principal,
  email: string | undefined,
): Promise<string | undefined> {
  const wanted = email?.trim().toLowerCase() ?? '';
  if (wanted === '' || wanted === principal.identityEmail?.toLowerCase()) return undefined;
  const beneficiary = await store.transaction((tx) => tx.identities.getByEmail(wanted));
  if (!mayRequestFor(await askerOf(store, principal), beneficiary)) {
    throw new ApiError(
      'auth.forbidden',
      'you may request access only for yourself or, as a manager, for your active direct reports',
      { beneficiaryEmail: wanted },
    );
  }
  return beneficiary?.id ?? wanted;
}

/** One identity by email (case-insensitive), whatever its status. */
export async function personByEmail(store: Store, email: string): Promise<Identity | undefined> {
  if (email.trim() === '') return undefined;
  return store.transaction((tx) => tx.identities.getByEmail(email.trim()));
}

/**
 * One page of active identities other than the asker that `mayRequestFor` allows (anyone for an
 * administrator, direct reports for a manager) and whose name, email or employee id contains the
 * text, ordered by last name; leavers are never offered. An empty text finds nobody, except for a
 * manager: then all their direct reports.
 */
export async function findPeople(
  store: Store,
  asker: Asker,
  query: PageRequest & { q: string },
): Promise<Page<PersonRef>> {
  const text = query.q.trim();
  const me = asker.identity;
  if ((text === '' && asker.administrator) || (!asker.administrator && me === undefined)) {
    return { items: [], nextCursor: null };
  }
  const page = await store.transaction((tx) =>
    tx.identities.page({
      limit: query.limit,
      cursor: query.cursor,
      q: text,
      status: 'active',
      excludeId: me?.id,
      managerId: asker.administrator ? undefined : me?.id,
    }),
  );
  return { ...page, items: page.items.map(personRefOf) };
}
