import type { Identity, Store } from '../../core/index.ts';
import type { Principal } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';

/** The identity a principal acts as, or undefined when it acts as nobody (a program, an operator). */
export async function identityOf(store: Store, principal: Principal): Promise<Identity | undefined> {
  if (principal.identityEmail === undefined) return undefined;
  return store.transaction((tx) => tx.identities.getByEmail(principal.identityEmail ?? ''));
}

/** Like identityOf, but refuses when the principal has no identity (it cannot request or approve). */
export async function requireIdentity(store: Store, principal: Principal): Promise<Identity> {
  const identity = await identityOf(store, principal);
  if (identity === undefined) {
    throw new ApiError(
      'auth.forbidden',
      principal.identityEmail === undefined
        ? `${principal.name} is not linked to an identity (set auth.users[].identity)`
        : `no identity with the email ${principal.identityEmail} (import the HR source first)`,
    );
  }
  return identity;
}

/** A short person reference for views. */
export interface PersonRef {
  id: string;
  name: string;
  email: string | null;
  department: string | null;
  jobTitle: string | null;
}

/** The person reference of one identity. */
export function personRefOf(identity: Identity): PersonRef {
  return {
    id: identity.id,
    name: `${identity.firstName} ${identity.lastName}`.trim(),
    email: identity.email,
    department: identity.department,
    jobTitle: identity.jobTitle,
  };
}

/** Looks people up by identity id, with a readable fallback for ids that are not (or no longer) known. */
export function personIndex(identities: ReadonlyArray<Identity>) {
  const byId = new Map(identities.map((i) => [i.id, i]));
  return (id: string): PersonRef => {
    const identity = byId.get(id);
    if (identity === undefined) return { id, name: id, email: null, department: null, jobTitle: null };
    return personRefOf(identity);
  };
}
