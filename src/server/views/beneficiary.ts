import type { Identity, Store } from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { paginate } from '../http/route.ts';
import { type PersonRef, personRefOf } from './people.ts';

/** Whether the principal may request access for another person: administrators only (docs/configuration.md, Roles). */
export function mayRequestForOthers(principal: Principal): boolean {
  return hasRole(principal, 'administrator');
}

/**
 * The beneficiary id to submit for an optional email: undefined for oneself (no email, or one's
 * own); `auth.forbidden` when the principal may not request for others. An unknown email is passed
 * through as the id, so the core refuses it with `identity.not_found` like any other rule.
 */
export async function beneficiaryIdFor(
  store: Store,
  principal: Principal,
  email: string | undefined,
): Promise<string | undefined> {
  const wanted = email?.trim().toLowerCase() ?? '';
  if (wanted === '' || wanted === principal.identityEmail?.toLowerCase()) return undefined;
  if (!mayRequestForOthers(principal)) {
    throw new ApiError('auth.forbidden', 'only administrators may request access for someone else', {
      beneficiaryEmail: wanted,
    });
  }
  return (await store.transaction((tx) => tx.identities.getByEmail(wanted)))?.id ?? wanted;
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
 * Active identities whose name, email or employee id contains the text (case-insensitive), ordered
 * by last name, one page; leavers are never offered. An empty text finds nobody.
 */
export async function findPeople(
  store: Store,
  query: { q: string; offset: number; limit: number },
): Promise<PeoplePage> {
  const needle = query.q.trim().toLowerCase();
  if (needle === '') return { items: [], total: 0, offset: query.offset, limit: query.limit };
  const identities = await store.transaction((tx) => tx.identities.list());
  const found = identities
    .filter(
      (i) =>
        i.status === 'active' &&
        [`${i.firstName} ${i.lastName}`, i.email, i.id].some((f) => f.toLowerCase().includes(needle)),
    )
    .map((identity) => ({ identity, key: sortKey(identity) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(found, query);
  return { ...page, items: page.items.map((f) => personRefOf(f.identity)) };
}
