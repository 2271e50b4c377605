import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { unexplained } from '../emulator/deviations.ts';
import { responseProblems, type SpecName } from './spec-conformance.ts';

/** A JSON object as the tests read it. */
export type Json = Record<string, unknown>;

/** One answer: its status, headers and raw text, and the text parsed as JSON (`{}` when it is empty). */
export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

/** What a request may change from its API's defaults. */
export interface SendOptions {
  /** The Authorization header instead of the API's own key; null sends none. */
  auth?: string | null;
  /** The Content-Type of the body instead of the API's JSON media type. */
  type?: string;
  /** More headers, sent last (a Content-Type here is sent even without a body). */
  headers?: Record<string, string>;
  /** The document to check the answer against instead of the path's; null checks nothing. */
  spec?: SpecName | null;
  /** For a path Atlassian does not document: the documented path (after the client's prefix) whose answer this one must match. */
  checkAs?: string;
}

/** Sends a request to one API's paths and checks its answer; a string body is sent as it is, anything else as JSON. */
export type ApiClient = (
  method: string,
  path: string,
  body?: unknown,
  options?: SendOptions,
) => Promise<Reply>;

/**
 * The Atlassian document that covers a path, or null for paths no saved document covers (the
 * admin v2 directory API, whose shapes admin-v2.test.ts pins instead, and the control API).
 */
function specFor(path: string): SpecName | null {
  if (path.startsWith('/scim/')) return 'scim';
  if (path.startsWith('/users/')) return 'user-management';
  if (/^\/admin\/v2\/orgs\/[^/]+\/directories/.test(path)) return null;
  if (path.startsWith('/admin/')) return 'admin';
  if (path.startsWith('/wiki/api/v2/')) return 'confluence-v2';
  if (path.startsWith('/wiki/')) return 'confluence-v1';
  if (path.startsWith('/_emulator/')) return null;
  throw new Error(`no Atlassian API serves ${path}`);
}

/** Sends one request and asserts that its answer conforms to Atlassian's document, less the known deviations. */
export async function send(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined && options.auth !== null) headers.authorization = options.auth;
  if (body !== undefined) headers['content-type'] = options.type ?? 'application/json';
  Object.assign(headers, options.headers);
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  const checked = options.checkAs ?? path;
  const spec = options.spec === undefined ? specFor(checked) : options.spec;
  if (spec !== null) {
    const problems = unexplained(
      spec,
      await responseProblems(spec, method, checked, response.status, parsed),
    );
    assert.deepEqual(problems, [], `${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
  }
  return { status: response.status, body: (parsed ?? {}) as Json, headers: response.headers, text };
}

/** An API's client: its credentials and media type by default, a prefix before every path, and extra checks. */
function client(
  emulator: RunningEmulator,
  defaults: () => { auth: string; type: string; prefix: string },
  check: (reply: Reply) => void = () => {},
): ApiClient {
  return async (method, path, body, options = {}) => {
    const { auth, type, prefix } = defaults();
    const reply = await send(emulator, method, `${prefix}${path}`, body, {
      ...options,
      ...(options.checkAs === undefined ? {} : { checkAs: `${prefix}${options.checkAs}` }),
      auth: options.auth === undefined ? auth : options.auth,
      type: options.type ?? type,
    });
    check(reply);
    return reply;
  };
}

/** SCIM for the site's directory: paths after `/scim/directory/{directoryId}`, its bearer key, `application/scim+json` both ways. */
export function scimClient(emulator: RunningEmulator): ApiClient {
  const defaults = () => ({
    auth: `Bearer ${emulator.state.credentials.scimKey}`,
    type: 'application/scim+json',
    prefix: `/scim/directory/${emulator.state.site.directoryId}`,
  });
  return client(emulator, defaults, (reply) => {
    // 401 and 403 come from Atlassian's gateway as application/json, before the SCIM service.
    if (reply.text !== '' && reply.status !== 401 && reply.status !== 403) {
      assert.match(reply.headers.get('content-type') ?? '', /^application\/scim\+json/);
    }
  });
}

/** The organization admin and user management APIs with the admin API key (full paths). */
export function adminClient(emulator: RunningEmulator): ApiClient {
  const auth = () => `Bearer ${emulator.state.credentials.adminApiKey}`;
  return client(emulator, () => ({ auth: auth(), type: 'application/json', prefix: '' }));
}

/** Confluence Cloud REST v1 and v2 with the site's Basic email and API token (full `/wiki/…` paths). */
export function confluenceClient(emulator: RunningEmulator): ApiClient {
  return client(emulator, () => ({ auth: siteAuth(emulator), type: 'application/json', prefix: '' }));
}

/** The Basic Authorization header of the site's administrator (email and API token). */
function siteAuth(emulator: RunningEmulator): string {
  const { email, apiToken } = emulator.connectorConfig().site;
  return `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
}
