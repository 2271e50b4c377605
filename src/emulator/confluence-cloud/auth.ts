import type { FastifyRequest } from 'fastify';
import type { SiteState } from '../state/cloud/site-state.ts';
import { type ApiGeneration, ConfluenceError, generationOf } from './errors.ts';

/**
 * How a rejected credential is answered: `documented` is the OpenAPI documents' 401; `observed` is what
 * Cloud sites were seen to answer (v1 403 "Current user not permitted to use Confluence", v2 404), see
 * docs/atlassian-behaviour.md. The emulator follows the documents.
 */
export type AuthFailureAnswer = 'documented' | 'observed';

const AUTH_FAILURE_ANSWER: AuthFailureAnswer = 'documented';

/**
 * Checks HTTP Basic `email:apiToken` against the site credentials (Confluence Cloud REST, security
 * scheme `basicAuth`); a missing, wrong or revoked token is refused.
 */
export function checkSiteAuth(request: FastifyRequest, state: SiteState): void {
  const refuse = (): ConfluenceError => authFailure(generationOf(request.url), AUTH_FAILURE_ANSWER);
  const header = request.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) throw refuse();
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw refuse();
  const email = decoded.slice(0, colon);
  const token = decoded.slice(colon + 1);
  const { credentials } = state;
  if (credentials.revoked.has('site')) throw refuse();
  if (email.toLowerCase() !== credentials.siteEmail.toLowerCase() || token !== credentials.siteApiToken)
    throw refuse();
}

/** The refusal of a credential for one API generation under one answer style. */
export function authFailure(generation: ApiGeneration, answer: AuthFailureAnswer): ConfluenceError {
  if (answer === 'documented')
    return new ConfluenceError(401, 'Client must be authenticated to access this resource.');
  return generation === 'v1'
    ? new ConfluenceError(403, 'Current user not permitted to use Confluence')
    : new ConfluenceError(404, 'Not Found');
}
