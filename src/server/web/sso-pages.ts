import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type OidcClient, type SignOnChecks, SignOnError } from '../auth/oidc-client.ts';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, type SessionCodec } from '../auth/session.ts';
import { type GroupRoles, groupsOf, rolesForGroups } from '../auth/sso-roles.ts';
import { serializeCookie } from '../http/cookies.ts';
import { ApiError } from '../http/errors.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';
import { safeNext } from './safe-next.ts';

/** The cookie that carries one sign-on's state, nonce and PKCE verifier, sealed, for ten minutes. */
const SIGN_ON_COOKIE = 'sg_oidc';
const SIGN_ON_SECONDS = 600;

/** What the single sign-on pages need: the relying party and how claims become a Spacegate person. */
export interface SsoPagesDeps {
  kit: PageKit;
  sessions: SessionCodec;
  /** Undefined when `auth.oidc` is not configured: the routes exist and answer 404. */
  client: OidcClient | undefined;
  claims: { email: string; name: string; groups: string };
  groupRoles: ReadonlyArray<GroupRoles>;
  /** The identity with this email (case-insensitive), by display name; undefined when there is none. */
  findIdentity(email: string): Promise<{ name: string; active: boolean } | undefined>;
}

function refusal(
  kit: PageKit,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
) {
  return kit.send(
    request,
    reply.code(status),
    'Sign-in refused',
    html`<p class="error" role="alert" id="sso-error">${message}</p>
<p><a href="/sign-in">Back to sign-in</a></p>`,
  );
}

function readChecks(sessions: SessionCodec, cookie: string | undefined): SignOnChecks | undefined {
  const value = sessions.unseal('sign-on', cookie);
  if (value === undefined) return undefined;
  const { state, nonce, verifier, next } = value;
  if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string')
    return undefined;
  return { state, nonce, verifier, next: typeof next === 'string' ? next : '/' };
}

/**
 * `GET /sign-in/oidc` sends the browser to the identity provider; `GET /sign-in/oidc/callback` checks
 * its answer, maps the email claim to an identity and the group claim to roles, and starts a session
 * like a local sign-in does. Every refusal is a page saying why.
 */
export function registerSsoPages(app: FastifyInstance, deps: SsoPagesDeps): void {
  const { kit, sessions } = deps;
  const clearSignOn = (request: FastifyRequest) =>
    serializeCookie(SIGN_ON_COOKIE, '', { secure: app.secureCookies(request), maxAgeSeconds: 0 });
  const client = (): OidcClient => {
    if (deps.client === undefined) throw new ApiError('api.not_found', 'single sign-on is not configured');
    return deps.client;
  };
  app.get('/sign-in/oidc', async (request, reply) => {
    const rp = client();
    const next = safeNext((request.query as { next?: unknown }).next);
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await rp.start(next);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on: the identity provider cannot be reached');
      return refusal(kit, request, reply, 503, 'The identity provider cannot be reached; try again shortly.');
    }
    const sealed = sessions.seal('sign-on', { ...started.checks }, SIGN_ON_SECONDS);
    reply.header(
      'set-cookie',
      serializeCookie(SIGN_ON_COOKIE, sealed, {
        secure: app.secureCookies(request),
        maxAgeSeconds: SIGN_ON_SECONDS,
      }),
    );
    return reply.redirect(started.url, 303);
  });
  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const rp = client();
    reply.header('set-cookie', clearSignOn(request));
    const query = request.query as Record<string, unknown>;
    if (typeof query.error === 'string') {
      const described =
        typeof query.error_description === 'string' ? `: ${query.error_description.slice(0, 200)}` : '';
      request.log.info({ error: query.error }, 'single sign-on: the provider refused');
      return refusal(
        kit,
        request,
        reply,
        401,
        `The identity provider did not sign you in (${query.error.slice(0, 60)}${described}).`,
      );
    }
    const checks = readChecks(sessions, request.cookieMap.get(SIGN_ON_COOKIE));
    if (checks === undefined) {
      return refusal(
        kit,
        request,
        reply,
        400,
        'This sign-in was not started in this browser or took longer than ten minutes; start again.',
      );
    }
    let claims: Record<string, unknown>;
    try {
      const at = request.url.indexOf('?');
      claims = await rp.finish(at < 0 ? '' : request.url.slice(at), checks);
    } catch (error) {
      if (!(error instanceof SignOnError)) throw error;
      request.log.warn({ reason: error.message }, 'single sign-on: the answer failed its checks');
      return refusal(
        kit,
        request,
        reply,
        400,
        `The identity provider's answer failed its checks (${error.message}); start again.`,
      );
    }
    return admit(request, reply, claims, checks.next);
  });

  const admit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    claims: Record<string, unknown>,
    next: string,
  ) => {
    const email = claims[deps.claims.email];
    if (typeof email !== 'string' || email === '' || claims.email_verified === false) {
      return refusal(
        kit,
        request,
        reply,
        403,
        `The identity provider sent no verified email (claim "${deps.claims.email}"), so Spacegate cannot tell who you are.`,
      );
    }
    const identity = await deps.findIdentity(email);
    if (identity === undefined) {
      request.log.info(
        { userPseudonym: sessions.pseudonym(email) },
        'single sign-on: no identity has this email',
      );
      return refusal(
        kit,
        request,
        reply,
        403,
        `No person in Spacegate has the email ${email}. Ask an administrator to check the HR source.`,
      );
    }
    if (!identity.active) {
      return refusal(
        kit,
        request,
        reply,
        403,
        `${email} belongs to a person who has left (HR status leaver); they cannot sign in.`,
      );
    }
    const roles = rolesForGroups(groupsOf(claims[deps.claims.groups]), deps.groupRoles);
    if (roles.length === 0) {
      return refusal(
        kit,
        request,
        reply,
        403,
        `You are signed in at the identity provider as ${email}, but none of your groups gives a Spacegate role. Ask an administrator for access.`,
      );
    }
    const named = claims[deps.claims.name];
    const profile = { email, name: typeof named === 'string' && named !== '' ? named : identity.name, roles };
    const { cookie } = sessions.issue(`sso:${String(claims.sub)}`, profile);
    const secure = app.secureCookies(request);
    reply.header('set-cookie', [
      serializeCookie(SESSION_COOKIE, cookie, { secure, maxAgeSeconds: sessions.maxAgeSeconds }),
      serializeCookie(PRE_SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }),
    ]);
    request.log.info({ user: `sso:${String(claims.sub)}`, roles }, 'signed in (single sign-on)');
    return reply.redirect(next, 303);
  };
}
