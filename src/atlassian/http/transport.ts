import { ConnectorError } from '../../connector/index.ts';
import type { CloudConnectorConfig } from '../config.ts';
import { backoffDelay, serverWaitMs } from './backoff.ts';
import { type CallStats, emptyCallStats } from './call-stats.ts';
import { type ApiName, type Endpoint, fillPath } from './endpoints.ts';
import { type AdaptiveLimiter, createAdaptiveLimiter, defaultSleep } from './limiter.ts';
import { errorForResponse, errorForTransport } from './map-error.ts';

/** One request: an endpoint with its path parameters, query and JSON body, or an absolute next-page URL. */
export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A next-page link; must be on the endpoint's API origin. */
  url?: string;
  /** Safe to repeat after an unknown outcome (GETs and read-only POSTs). Defaults to the method's nature. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/** A successful response: status, headers and the parsed JSON body (undefined when empty). */
export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** What the transport reports to an observer after every attempt (for counting in tests and benchmarks). */
export interface CallEvent {
  api: ApiName;
  method: string;
  path: string;
  status: number | 'error';
  attempt: number;
}

/** Options beyond the configuration: a fetch to use and an observer of every attempt. */
export interface TransportOptions {
  fetch?: typeof fetch;
  onCall?: (event: CallEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Sends requests to the three Atlassian APIs with auth, timeouts, retries and adaptive concurrency. */
export interface Transport {
  call<T = unknown>(endpoint: Endpoint, options?: CallOptions): Promise<CallResult<T>>;
  readonly stats: CallStats;
  readonly limiter: AdaptiveLimiter;
  /** The base URL of an API (for resolving relative next links). */
  base(api: ApiName): string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Builds the transport for one connector configuration. */
export function createTransport(config: CloudConnectorConfig, options: TransportOptions = {}): Transport {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const stats = emptyCallStats();
  const limiter = createAdaptiveLimiter(config.concurrency, sleep);
  const bases: Record<ApiName, string> = {
    site: config.site.url,
    admin: config.admin.url,
    scim: config.scim.url,
  };
  const auth: Record<ApiName, string> = {
    site: `Basic ${Buffer.from(`${config.site.email}:${config.site.apiToken}`).toString('base64')}`,
    admin: `Bearer ${config.admin.apiKey}`,
    scim: `Bearer ${config.scim.apiKey}`,
  };
  const { attempts, timeoutMs } = config.retry;

  const urlFor = (endpoint: Endpoint, call: CallOptions): URL => {
    const base = bases[endpoint.api];
    const url = new URL(
      call.url ?? `${base}${fillPath(endpoint.path, { ...pathDefaults(config), ...call.params })}`,
      base,
    );
    if (url.origin !== new URL(base).origin) {
      throw new ConnectorError('invalid_response', `next link ${url.origin} leaves the ${endpoint.api} API`);
    }
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  };

  async function call<T>(endpoint: Endpoint, call: CallOptions = {}): Promise<CallResult<T>> {
    const url = urlFor(endpoint, call);
    const operation = `${endpoint.method} ${endpoint.path}`;
    const idempotent = call.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(endpoint.method);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) stats.retries++;
      stats.apiCalls++;
      stats.byApi[endpoint.api]++;
      const release = await limiter.acquire();
      let status: number | 'error' = 'error';
      let failure: ConnectorError;
      let wait: number | undefined;
      try {
        const signal =
          call.signal === undefined
            ? AbortSignal.timeout(timeoutMs)
            : AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs)]);
        const response = await doFetch(url, {
          method: endpoint.method,
          headers: {
            authorization: auth[endpoint.api],
            accept: 'application/json',
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
        });
        status = response.status;
        const text = await response.text();
        if (response.ok) {
          const body = text === '' ? undefined : JSON.parse(text);
          limiter.succeeded();
          return { status: response.status, headers: response.headers, body: body as T };
        }
        failure = errorForResponse(operation, response.status, parseLoosely(text));
        wait = serverWaitMs(response.headers);
        if (response.status === 429)
          limiter.throttled(wait ?? backoffDelay(config.retry, attempt, undefined));
      } catch (error) {
        failure = errorForTransport(operation, error);
        if (call.signal?.aborted) throw failure;
      } finally {
        release();
        options.onCall?.({ api: endpoint.api, method: endpoint.method, path: url.pathname, status, attempt });
      }
      const mayRetry =
        status === 'error' || (typeof status === 'number' && status < 400)
          ? idempotent && failure.retryable
          : RETRYABLE_STATUS.has(status) && (idempotent || status === 429 || status === 503);
      if (!mayRetry || attempt >= attempts) throw failure;
      await sleep(backoffDelay(config.retry, attempt, wait, options.random));
    }
  }

  return { call, stats, limiter, base: (api) => bases[api] };
}

function pathDefaults(config: CloudConnectorConfig): Record<string, string> {
  return { orgId: config.admin.orgId, directoryId: config.scim.directoryId };
}

function parseLoosely(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
