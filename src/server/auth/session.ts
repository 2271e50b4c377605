import type { Role } from '../config/schema.ts';
import { hmac, randomToken, safeEqual } from './secrets.ts';

/** Who a single sign-on session is, as the identity provider said at sign-in (signed into the cookie). */
export interface SsoProfile {
  email: string;
  name: string;
  roles: Role[];
}

/** The session cookie's content: who, which session, until when (epoch ms); `sso` for single sign-on. */
export interface SessionClaims {
  user: string;
  sid: string;
  exp: number;
  sso?: SsoProfile;
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'sg_session';

/** The name of the cookie that binds the sign-in form's CSRF token before there is a session. */
export const PRE_SESSION_COOKIE = 'sg_pre';

/** Where signed-out sessions are kept until they expire: the store, shared by every process. */
export interface SessionRevocations {
  revokeSession(sid: string, expiresAt: Date): Promise<void>;
  isRevoked(sid: string): Promise<boolean>;
}

/**
 * Signed sessions: the cookie is `payload.signature`, HMAC-signed, so any process with the same
 * secret can read it; sign-out is recorded in the store, so a copied cookie is refused by every
 * process and after restarts. CSRF tokens are HMACs of the session id (synchronizer token).
 */
export function createSessionCodec(options: {
  secret: string;
  hours: number;
  revocations: SessionRevocations;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  return {
    /** Ends a session before its expiry: every process refuses its cookie from now on. */
    async revoke(claims: SessionClaims): Promise<void> {
      await options.revocations.revokeSession(claims.sid, new Date(claims.exp));
    },
    /** Issues a fresh session for a user (a local account, or a single sign-on profile). */
    issue(user: string, sso?: SsoProfile): { cookie: string; claims: SessionClaims } {
      const claims: SessionClaims = {
        user,
        sid: randomToken(18),
        exp: now() + options.hours * 3_600_000,
        ...(sso === undefined ? {} : { sso }),
      };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { cookie: `${payload}.${hmac(options.secret, `session:${payload}`)}`, claims };
    },
    /** Signs a value for a short-lived cookie of one purpose (the sign-on's state, nonce and PKCE verifier). */
    seal(purpose: string, value: Record<string, unknown>, seconds: number): string {
      const payload = Buffer.from(JSON.stringify({ ...value, exp: now() + seconds * 1000 })).toString(
        'base64url',
      );
      return `${payload}.${hmac(options.secret, `${purpose}:${payload}`)}`;
    },
    /** The value `seal` signed for this purpose; undefined when forged, malformed or expired. */
    unseal(purpose: string, text: string | undefined): Record<string, unknown> | undefined {
      const [payload, signature] = (text ?? '').split('.');
      if (payload === undefined || signature === undefined) return undefined;
      if (!safeEqual(signature, hmac(options.secret, `${purpose}:${payload}`))) return undefined;
      try {
        const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        return typeof value.exp === 'number' && value.exp > now() ? value : undefined;
      } catch {
        return undefined;
      }
    },
    /** Reads a cookie; undefined when forged, malformed, expired or signed out. */
    async read(cookie: string | undefined): Promise<SessionClaims | undefined> {
      const claims = this.verify(cookie);
      if (claims === undefined || (await options.revocations.isRevoked(claims.sid))) return undefined;
      return claims;
    },
    /** Checks a cookie's signature and expiry only (no store read). */
    verify(cookie: string | undefined): SessionClaims | undefined {
      if (cookie === undefined) return undefined;
      const [payload, signature] = cookie.split('.');
      if (payload === undefined || signature === undefined) return undefined;
      if (!safeEqual(signature, hmac(options.secret, `session:${payload}`))) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
        if (typeof claims.user !== 'string' || typeof claims.sid !== 'string') return undefined;
        return typeof claims.exp === 'number' && claims.exp > now() ? claims : undefined;
      } catch {
        return undefined;
      }
    },
    /** The CSRF token for a session id (or a pre-session value). */
    csrfToken(binding: string): string {
      return hmac(options.secret, `csrf:${binding}`);
    },
    /** Whether a submitted CSRF token matches the binding. */
    checkCsrf(binding: string, token: string | undefined): boolean {
      return token !== undefined && safeEqual(token, hmac(options.secret, `csrf:${binding}`));
    },
    /** A stable pseudonym for a text (a username as typed) that logs may carry instead of the text. */
    pseudonym(text: string): string {
      return hmac(options.secret, `log:${text.trim().toLowerCase()}`).slice(0, 16);
    },
    maxAgeSeconds: Math.round(options.hours * 3600),
  };
}

/** A session codec. */
export type SessionCodec = ReturnType<typeof createSessionCodec>;
