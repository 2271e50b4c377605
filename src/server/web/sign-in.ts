import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthDirectory } from '../auth/directory.ts';
import type { HashGate } from '../auth/hash-gate.ts';
import { PRE_SESSION_COOKIE, SESSION_COOKIE, type SessionCodec } from '../auth/session.ts';
import { DEVICE_COOKIE, type SignInGuard } from '../auth/sign-in-guard.ts';
import { serializeCookie } from '../http/cookies.ts';
import { ApiError } from '../http/errors.ts';
import { html } from './html.ts';
import type { PageKit } from './page-kit.ts';
import { safeNext } from './safe-next.ts';

const signInForm = z.object({
  username: z.string().max(200),
  password: z.string().max(500),
  next: z.string().optional(),
});

/** Demo accounts shown on the sign-in page in demo mode. */
export interface DemoAccountHint {
  username: string;
  password: string;
  role: string;
  /** Email of the identity the account acts as. */
  identity?: string | undefined;
}

/** A browser's remembered sign-in (its device cookie) lasts this long. */
const DEVICE_COOKIE_SECONDS = 180 * 24 * 3600;

/** Sets the session cookie, the device cookie that exempts this browser from the username's back-off, and drops the pre-session cookie. */
function startSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { sessions: SessionCodec; guard: SignInGuard },
  username: string,
): void {
  const { cookie } = deps.sessions.issue(username);
  const secure = app.secureCookies(request);
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, cookie, { secure, maxAgeSeconds: deps.sessions.maxAgeSeconds }),
    serializeCookie(DEVICE_COOKIE, deps.guard.deviceCookie(username), {
      secure,
      maxAgeSeconds: DEVICE_COOKIE_SECONDS,
    }),
    serializeCookie(PRE_SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }),
  ]);
}

/** Sign-in and sign-out pages: the single sign-on button when configured, the local form unless turned off. */
export function registerSignInPages(
  app: FastifyInstance,
  deps: {
    kit: PageKit;
    directory: AuthDirectory;
    sessions: SessionCodec;
    guard: SignInGuard;
    gate: HashGate;
    /** Sign-in posts one client address may make per minute. */
    perAddressPerMinute: number;
    demoAccounts: ReadonlyArray<DemoAccountHint>;
    /** The single sign-on button's label, when `auth.oidc` is configured. */
    ssoLabel: string | undefined;
    /** Whether local accounts may sign in (`auth.localSignIn`). */
    localSignIn: boolean;
  },
): void {
  const { kit } = deps;
  const sso = (next: string) =>
    deps.ssoLabel === undefined
      ? ''
      : html`<p><a class="button" href="/sign-in/oidc?next=${encodeURIComponent(next)}">${deps.ssoLabel}</a></p>`;
  const form = (next: string, csrf: string, error?: string) =>
    html`${error === undefined ? '' : html`<p class="error" role="alert" id="sign-in-error">${error}</p>`}
${sso(next)}
${
  deps.localSignIn
    ? html`${deps.ssoLabel === undefined ? '' : html`<h2>Local account</h2>`}<form method="post" action="/sign-in" aria-describedby="${error === undefined ? '' : 'sign-in-error'}">
  <input type="hidden" name="next" value="${next}">
  <p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required autofocus></p>
  <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <input type="hidden" name="_csrf" value="${csrf}">
  <p><button type="submit">Sign in</button></p>
</form>`
    : ''
}
${
  deps.demoAccounts.length === 0
    ? ''
    : html`<table><caption>Demo accounts</caption><thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Role</th></tr></thead>
<tbody>${deps.demoAccounts.map((a) => html`<tr><td><code>${a.username}</code></td><td><code>${a.password}</code></td><td>${a.role}</td></tr>`)}</tbody></table>`
}`;
  const page = (request: FastifyRequest, reply: FastifyReply, next: string, error?: string, status = 401) => {
    const { csrf } = kit.contextFor(request, reply);
    return kit.send(
      request,
      reply.code(error === undefined ? 200 : status),
      'Sign in',
      form(next, csrf, error),
    );
  };
  app.get('/sign-in', async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next);
    if (request.principal !== undefined) return reply.redirect(next, 303);
    return page(request, reply, next);
  });
  const rateLimit = { max: deps.perAddressPerMinute, timeWindow: 60_000 };
  app.post('/sign-in', { config: { rateLimit } }, async (request, reply) => {
    if (!deps.localSignIn)
      throw new ApiError('auth.forbidden', 'local sign-in is turned off; use single sign-on');
    if (!request.cookieMap.has(PRE_SESSION_COOKIE))
      throw new ApiError('csrf.invalid', 'reload the sign-in page and try again');
    const input = signInForm.safeParse(request.body);
    const next = safeNext(input.success ? input.data.next : undefined);
    const username = input.success ? input.data.username : '';
    const who = { userPseudonym: deps.sessions.pseudonym(username) };
    const key = deps.guard.keyFor(username, request.cookieMap.get(DEVICE_COOKIE));
    const wait = await deps.guard.retryAfterSeconds(key);
    if (wait > 0) {
      request.log.warn(who, 'sign-in refused: backing off after failures');
      reply.header('retry-after', String(wait));
      return page(request, reply, next, `Too many failed attempts; try again in ${wait} s.`, 429);
    }
    const checked = input.success
      ? await deps.gate.run(() => deps.directory.signIn(username, input.data.password))
      : { value: undefined };
    if (checked === undefined) {
      request.log.warn('sign-in refused: too many password checks at once');
      reply.header('retry-after', '1');
      return page(request, reply, next, 'Too many sign-ins at once; try again in a moment.', 503);
    }
    if (checked.value === undefined) {
      await deps.guard.failed(key);
      request.log.info(who, 'sign-in refused');
      return page(request, reply, next, 'Wrong username or password.');
    }
    await deps.guard.succeeded(key);
    startSession(app, request, reply, deps, checked.value.name);
    request.log.info({ user: checked.value.name }, 'signed in');
    return reply.redirect(next, 303);
  });
  app.post('/sign-out', async (request, reply) => {
    const claims = await deps.sessions.read(request.cookieMap.get(SESSION_COOKIE));
    if (claims !== undefined) await deps.sessions.revoke(claims);
    reply.header(
      'set-cookie',
      serializeCookie(SESSION_COOKIE, '', { secure: app.secureCookies(request), maxAgeSeconds: 0 }),
    );
    return reply.redirect('/sign-in', 303);
  });
}
