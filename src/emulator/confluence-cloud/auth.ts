import type { FastifyRequest } from 'fastify';
import type { SiteState } from '../state/site-state.ts';
import { ConfluenceError } from './errors.ts';

/**
 * Checks HTTP Basic `email:apiToken` against the site credentials (Confluence Cloud REST, security
 * scheme `basicAuth`); a missing, wrong or revoked token is a 401.
 */
export function checkSiteAuth(request: FastifyRequest, state: SiteState): void {
  const header = request.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) throw unauthorized();
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unauthorized();
  const email = decoded.slice(0, colon);
  const token = decoded.slice(colon + 1);
  const { credentials } = state;
  if (credentials.revoked.has('site')) throw unauthorized();
  if (email.toLowerCase() !== credentials.siteEmail.toLowerCase() || token !== credentials.siteApiToken)
    throw unauthorized();
}

function unauthorized(): ConfluenceError {
  return new ConfluenceError(401, 'Client must be authenticated to access this resource.');
}
