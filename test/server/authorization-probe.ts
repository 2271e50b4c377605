import type { RunningSpacegate } from '../../src/server/start.ts';
import { createClient } from './http-client.ts';

/** The roles the authorization matrix covers, each a demo sign-in (or nobody). */
export const MATRIX_ROLES = [
  'anonymous',
  'requester',
  'approver',
  'catalog_owner',
  'administrator',
  'auditor',
] as const;

/** One role of the matrix. */
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** What a caller got: let through (any answer but the three refusals), 401, 403, or sent to the sign-in page. */
export type Outcome = 'ok' | '401' | '403' | 'sign-in';

/** The username each role signs in as (the demo's accounts plus a catalog owner the test configures). */
const USERNAMES: Record<Exclude<MatrixRole, 'anonymous'>, string> = {
  requester: 'requester',
  approver: 'approver',
  catalog_owner: 'owner',
  administrator: 'admin',
  auditor: 'auditor',
};

/** A route's URL with every parameter filled with a value no object has, so handlers find nothing to change. */
export function concretePath(url: string): string {
  return url.replace(/:[A-Za-z]+/g, 'matrix-x').replace(/\*$/, 'matrix-x');
}

function classify(response: Response): Outcome {
  if (response.status === 401) return '401';
  if (response.status === 403) return '403';
  if (response.status === 303 && (response.headers.get('location') ?? '').startsWith('/sign-in?next='))
    return 'sign-in';
  return 'ok';
}

/** A caller for one role: signed in through the form (anonymous: no cookie), with the session's CSRF token. */
export async function callerFor(running: RunningSpacegate, role: MatrixRole, password: string) {
  const client = createClient(running.url);
  if (role !== 'anonymous') await client.signIn(USERNAMES[role], password);
  // Anonymous callers carry the sign-in form's pre-session CSRF token, so the check reached is authorization.
  const csrf = (await client.page(role === 'anonymous' ? '/sign-in' : '/requests')).csrf ?? '';
  return {
    /** Calls one route as this role and says what came back. */
    async call(method: string, url: string): Promise<{ outcome: Outcome; status: number }> {
      const path = concretePath(url);
      const api = path.startsWith('/api/');
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
      const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html' };
      if (csrf !== '' && unsafe) headers['x-csrf-token'] = csrf;
      if (unsafe) headers['content-type'] = api ? 'application/json' : 'application/x-www-form-urlencoded';
      const body = unsafe ? (api ? '{}' : '') : undefined;
      const response = await client.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      await response.body?.cancel();
      return { outcome: classify(response), status: response.status };
    },
  };
}
