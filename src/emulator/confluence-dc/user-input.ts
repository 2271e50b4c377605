import type { DcState } from '../state/datacenter/dc-state.ts';
import type { DcUser } from '../state/datacenter/model.ts';
import type { WriteOrigin } from '../state/shared/model.ts';
import { badRequest } from './errors.ts';

/** A new user as the admin API (`UserDetailsForCreation`) and JSON-RPC `addUser` give it. */
export interface NewUser {
  userName: string;
  fullName: string;
  email: string;
  password: string | null;
}

const FORBIDDEN = /[\s\\,+<>'"]/;

/**
 * Validates `UserDetailsForCreation` (reference §5): userName not blank, no whitespace, no upper
 * case, none of `\ , + < > ' "`, not `anonymous`; fullName not blank, no `<` `>`; a valid email;
 * a password unless `notifyViaEmail` is true.
 */
export function parseNewUser(body: unknown): NewUser {
  if (typeof body !== 'object' || body === null) throw badRequest('A user body is required');
  const { userName, fullName, email, password, notifyViaEmail } = body as Record<string, unknown>;
  if (typeof userName !== 'string' || userName.trim() === '') throw badRequest('userName must not be blank');
  if (FORBIDDEN.test(userName) || userName !== userName.toLowerCase() || userName === 'anonymous')
    throw badRequest(`userName '${userName}' is not valid`);
  if (
    typeof fullName !== 'string' ||
    fullName.trim() === '' ||
    /[<>]/.test(fullName) ||
    fullName === 'anonymous'
  )
    throw badRequest('fullName must not be blank and must not contain < or >');
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw badRequest('email is not valid');
  if (notifyViaEmail !== true && (typeof password !== 'string' || password === ''))
    throw badRequest('A password is required unless notifyViaEmail is true');
  return { userName, fullName, email, password: typeof password === 'string' ? password : null };
}

/** Creates an active user in the internal directory; it joins no group (unconfirmed, reference §5). */
export function createUser(state: DcState, input: NewUser, origin: WriteOrigin): DcUser {
  const internal = state.directories.find((d) => d.type === 'internal');
  if (internal === undefined) throw new Error('the instance has no internal directory');
  const now = state.now().toISOString();
  const [firstName = '', ...rest] = input.fullName.trim().split(/\s+/);
  return state.insertAccount(
    {
      userKey: `4028${randomHex(28)}`,
      username: input.userName,
      email: input.email,
      displayName: input.fullName,
      firstName,
      lastName: rest.join(' '),
      department: null,
      title: null,
      active: true,
      directoryId: internal.id,
      password: input.password ?? randomHex(16),
      createdAt: now,
      updatedAt: now,
    },
    origin,
  );
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return out.slice(0, length);
}
