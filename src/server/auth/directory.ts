import type { Role } from '../config/schema.ts';
import type { Principal } from './principal.ts';
import { sha256Hex, verifyPassword } from './secrets.ts';
import type { SsoProfile } from './session.ts';

/** A local sign-in account as configured (password stored as an scrypt hash). */
export interface LocalUser {
  username: string;
  displayName?: string | undefined;
  passwordHash: string;
  roles: ReadonlyArray<Role>;
  identity?: string | undefined;
}

/** A configured API token (stored as its SHA-256). */
export interface TokenEntry {
  name: string;
  sha256: string;
  roles: ReadonlyArray<Role>;
  identity?: string | undefined;
}

/** Verifies against a hash nobody has, so unknown usernames take as long as known ones. */
const DUMMY_HASH = `scrypt$${'00'.repeat(16)}$${'00'.repeat(32)}`;

/**
 * Who may sign in and which programs may call: local accounts, single sign-on sessions (whose
 * profile the OpenID Connect sign-in signed into the cookie) and API tokens.
 */
export function createAuthDirectory(options: {
  users: ReadonlyArray<LocalUser>;
  tokens: ReadonlyArray<TokenEntry>;
}) {
  const users = new Map(options.users.map((user) => [user.username.toLowerCase(), user]));
  const tokens = new Map(options.tokens.map((token) => [token.sha256, token]));
  const personFor = (user: LocalUser, sessionId: string | undefined): Principal => ({
    kind: 'person',
    name: user.username,
    displayName: user.displayName ?? user.username,
    roles: new Set(user.roles),
    identityEmail: user.identity,
    sessionId,
  });
  return {
    /** Checks a username and password; the principal without a session id, or undefined. */
    async signIn(username: string, password: string): Promise<Principal | undefined> {
      const user = users.get(username.trim().toLowerCase());
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      return ok && user !== undefined ? personFor(user, undefined) : undefined;
    },
    /** The person behind a valid session. */
    person(username: string, sessionId: string): Principal | undefined {
      const user = users.get(username.toLowerCase());
      return user === undefined ? undefined : personFor(user, sessionId);
    },
    /** The person behind a single sign-on session: roles and identity as the provider gave them at sign-in. */
    ssoPerson(subject: string, sessionId: string, profile: SsoProfile): Principal {
      return {
        kind: 'person',
        name: subject,
        displayName: profile.name,
        roles: new Set(profile.roles),
        identityEmail: profile.email,
        sessionId,
      };
    },
    /** The program behind a bearer token, looked up by the token's SHA-256. */
    program(token: string): Principal | undefined {
      const entry = tokens.get(sha256Hex(token));
      if (entry === undefined) return undefined;
      return {
        kind: 'token',
        name: entry.name,
        displayName: entry.name,
        roles: new Set(entry.roles),
        identityEmail: entry.identity,
        sessionId: undefined,
      };
    },
  };
}

/** The directory of people and programs. */
export type AuthDirectory = ReturnType<typeof createAuthDirectory>;
