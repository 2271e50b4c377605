import { type Asker, type Identity, mayRequestFor, type Store } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { paginate } from '../http/route.ts';
import { identityOf, type PersonRef, personRefOf } from './people.ts';

/** The asker a principal is, looked up in the store. */
export async function askerOf(store: Store, principal: Principal): Promise<Asker> {
  return { administrator: hasRole(principal, 'administrator'), identity: await identityOf(store, principal) };
}

/** For whom the asker may request: anyone (administrators), their direct reports (managers), or only themselves. */
export type RequestScope = 'anyone' | 'reports' | 'self';

/** The asker's scope, by `mayRequestFor` over every identity other than the asker. */
export async function requestScopeOf(store: Store, asker: Asker): Promise<RequestScope> {
  if (asker.administrator) return 'anyone';
  const me = asker.identity;
  if (me === undefined) return 'self';
  const identities = await store.transaction((tx) => tx.identities.list());
  return identities.some((i) => i.id !== me.id && mayRequestFor(asker, i)) ? 'reports' : 'self';
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

/** A page of people found by `findPeople`. */
export interface PeoplePage {
  items: PersonRef[];
  total: number;
  offset: number;
  limit: number;
}

function sortKey(identity: Identity): string {
  return `${identity.lastName} ${identity.firstName} ${identity.email}`.toLowerCase();
}

/**
 * Active identities other than the asker that `mayRequestFor` allows and whose name, email or
 * employee id contains the text (case-insensitive), ordered by last name, one page; leavers are
 * never offered. An empty text finds nobody, except for a manager: then all their direct reports.
 */
export async function findPeople(
  store: Store,
  asker: Asker,
  query: { q: string; offset: number; limit: number },
): Promise<PeoplePage> {
  const needle = query.q.trim().toLowerCase();
  if (needle === '' && asker.administrator) {
    return { items: [], total: 0, offset: query.offset, limit: query.limit };
  }
  const identities = await store.transaction((tx) => tx.identities.list());
  const found = identities
    .filter(
      (i) =>
        i.status === 'active' &&
        i.id !== asker.identity?.id &&
        mayRequestFor(asker, i) &&
        [`${i.firstName} ${i.lastName}`, i.email, i.id].some((f) => f.toLowerCase().includes(needle)),
    )
    .map((identity) => ({ identity, key: sortKey(identity) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(found, query);
  return { ...page, items: page.items.map((f) => personRefOf(f.identity)) };
}
