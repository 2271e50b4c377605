import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Access, allows, type Principal } from '../auth/principal.ts';
import type { AuthHooksOptions } from '../http/auth-hooks.ts';
import { csrfTokenFor } from '../http/auth-hooks.ts';
import { ApiError } from '../http/errors.ts';
import type { SafeHtml } from './html.ts';
import { errorPage, layout, type PageContext } from './layout.ts';

/** What page handlers share: access checks, the page context with its CSRF token, rendering. */
export function createPageKit(options: AuthHooksOptions & { demo: boolean }) {
  const contextFor = (request: FastifyRequest, reply: FastifyReply): PageContext => {
    const query = request.query as Record<string, unknown> | undefined;
    const notice = query?.notice;
    const signed =
      typeof notice === 'string' &&
      notice.length <= 300 &&
      options.sessions.checkCsrf(`notice:${notice}`, typeof query?.ns === 'string' ? query.ns : undefined);
    return {
      principal: request.principal,
      csrf: csrfTokenFor(request, reply, options),
      path: request.url.split('?')[0] ?? '/',
      notice: signed ? notice : undefined,
      demo: options.demo,
    };
  };
  return {
    options,
    /** The signed-in principal, if it satisfies the access rule; otherwise throws auth.required or auth.forbidden. */
    require(request: FastifyRequest, access: Access): Principal {
      const principal = request.principal;
      if (principal === undefined) throw new ApiError('auth.required', 'sign in first');
      if (!allows(access, principal))
        throw new ApiError('auth.forbidden', 'your roles do not allow this page');
      return principal;
    },
    contextFor,
    /** Sends a full HTML page. */
    send(request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml): FastifyReply {
      return reply.type('text/html; charset=utf-8').send(layout(contextFor(request, reply), title, body));
    },
    /** Redirects after a successful form post (303, the Post/Redirect/Get pattern), with a signed notice (so links cannot inject text). */
    redirect(reply: FastifyReply, to: string, notice?: string): FastifyReply {
      const target =
        notice === undefined
          ? to
          : `${to}${to.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}&ns=${options.sessions.csrfToken(`notice:${notice}`)}`;
      return reply.redirect(target, 303);
    },
    /** Renders the HTML error page. */
    errorPage(status: number, message: string, request: FastifyRequest): string {
      return errorPage(
        { principal: request.principal, csrf: '', path: request.url, demo: options.demo },
        status,
        message,
      );
    },
  };
}

/** The page kit. */
export type PageKit = ReturnType<typeof createPageKit>;
