import type { ConnectorError } from '../../connector/index.ts';

/** How one API authenticates: HTTP Basic (user and password or API token) or a Bearer token. */
export type ApiAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/**
 * One API a connector speaks to: its name (for counting and errors), its base URL (paths and
 * next links are resolved against it; a next link must stay on its origin) and its credentials.
 */
export interface Api<Name extends string = string> {
  name: Name;
  baseUrl: string;
  auth: ApiAuth;
  /**
   * A flavour's own reading of a failed response (a JSON-RPC fault, a read-only directory), used
   * before the status table; its `retryable` decides whether the transport tries again.
   */
  errorFor?: (operation: string, status: number, body: unknown) => ConnectorError | undefined;
}

/** An endpoint: the API it belongs to and its path template (`{name}` placeholders). */
export interface Endpoint<Name extends string = string> {
  api: Name;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

/** The `Authorization` header value for an API's credentials (RFC 7617 Basic, RFC 6750 Bearer). */
export function authorizationHeader(auth: ApiAuth): string {
  return auth.type === 'basic'
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    : `Bearer ${auth.token}`;
}

/** Fills `{name}` placeholders, URL-encoding each value. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
