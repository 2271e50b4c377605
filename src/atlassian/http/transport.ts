import { ConnectorError } from '../../connector/index.ts';
import { type Api, authorizationHeader, type Endpoint, fillPath } from './api.ts';
import { type BackoffPolicy, backoffDelay, budgetSpent, serverWaitMs } from './backoff.ts';
import { type CallStats, emptyCallStats } from './call-stats.ts';
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
  /** Return the body as text instead of parsing JSON (an XML manifest). */
  text?: boolean;
}

/** A successful response: status, headers and the parsed JSON body (undefined when empty). */
export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** What the transport reports to an observer after every attempt (for counting in tests and benchmarks). */
export interface CallEvent {
  api: string;
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

/** Retry and timeout settings: attempts after the first, backoff bounds, and the timeout per attempt. */
export interface RetrySettings extends BackoffPolicy {
  attempts: number;
  timeoutMs: number;
}

/** What a flavour gives the shared transport: its APIs, concurrency, retries and shared path values. */
export interface TransportSettings<Name extends string = string> {
  apis: readonly Api<Name>[];
  concurrency: number;
  retry: RetrySettings;
  /** Placeholder values every call shares unless it names its own (Cloud's `orgId`, `directoryId`). */
  pathDefaults?: Record<string, string>;
}

/** Sends requests to a flavour's APIs with auth per API, timeouts, retries and adaptive concurrency. */
export interface Transport<Name extends string = string> {
  call<T = unknown>(endpoint: Endpoint<Name>, options?: CallOptions): Promise<CallResult<T>>;
  readonly stats: CallStats;
  readonly limiter: AdaptiveLimiter;
  /** The base URL of an API (for resolving relative next links). */
  base(api: Name): string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Builds the transport over a list of APIs; an endpoint names the API it belongs to. */
export function createTransport<Name extends string>(
  settings: TransportSettings<Name>,
  options: TransportOptions = {},
): Transport<Name> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const apis = new Map<string, { base: string; authorization: string; errorFor: Api['errorFor'] }>(
    settings.apis.map((api) => [
      api.name,
      { base: api.baseUrl, authorization: authorizationHeader(api.auth), errorFor: api.errorFor },
    ]),
  );
  const stats = emptyCallStats([...apis.keys()]);
  const limiter = createAdaptiveLimiter(settings.concurrency, sleep);
  const { attempts, timeoutMs } = settings.retry;
  const apiOf = (name: Name) => {
    const api = apis.get(name);
    if (api === undefined) throw new ConnectorError('internal', `no API named ${name} is configured`);
    return api;
  };

  const urlFor = (endpoint: Endpoint<Name>, call: CallOptions): URL => {
    const { base } = apiOf(endpoint.api);
    const url = new URL(
      call.url ?? `${base}${fillPath(endpoint.path, { ...settings.pathDefaults, ...call.params })}`,
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

  async function call<T>(endpoint: Endpoint<Name>, call: CallOptions = {}): Promise<CallResult<T>> {
    const url = urlFor(endpoint, call);
    const { authorization, errorFor } = apiOf(endpoint.api);
    const operation = `${endpoint.method} ${endpoint.path}`;
    const idempotent = call.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(endpoint.method);
    // A 429 is the server's word to come back later, not a failure: up to `attempts` of them are free.
    let throttled = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) stats.retries++;
      stats.apiCalls++;
      stats.byApi[endpoint.api] = (stats.byApi[endpoint.api] ?? 0) + 1;
      const release = await limiter.acquire();
      let status: number | 'error' = 'error';
      let failure: ConnectorError;
      let wait: number | undefined;
      const deadline = attemptSignal(timeoutMs, call.signal);
      try {
        const signal = deadline.signal;
        const response = await doFetch(url, {
          method: endpoint.method,
          headers: {
            authorization,
            accept: 'application/json',
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
        });
        status = response.status;
        const text = await response.text();
        if (response.ok) {
          const body = call.text === true ? text : text === '' ? undefined : JSON.parse(text);
          limiter.succeeded();
          return { status: response.status, headers: response.headers, body: body as T };
        }
        const parsed = parseLoosely(text);
        failure =
          errorFor?.(operation, response.status, parsed) ??
          errorForResponse(operation, response.status, parsed);
        wait = serverWaitMs(response.headers);
        if (response.status === 429) {
          // Fewer calls at once either way; everyone pauses only when the server says the budget is spent.
          const everyone = budgetSpent(response.headers);
          limiter.throttled(everyone ? (wait ?? backoffDelay(settings.retry, attempt, undefined)) : 0);
        }
      } catch (error) {
        failure = errorForTransport(operation, error);
        if (call.signal?.aborted) throw failure;
      } finally {
        deadline.done();
        release();
        options.onCall?.({ api: endpoint.api, method: endpoint.method, path: url.pathname, status, attempt });
      }
      const mayRetry =
        status === 'error' || (typeof status === 'number' && status < 400)
          ? idempotent && failure.retryable
          : RETRYABLE_STATUS.has(status) &&
            failure.retryable &&
            (idempotent || status === 429 || status === 503);
      if (status === 429) throttled++;
      if (!mayRetry || attempt - Math.min(throttled, attempts) >= attempts) throw failure;
      await sleep(backoffDelay(settings.retry, attempt, wait, options.random));
    }
  }

  return { call, stats, limiter, base: (api) => apiOf(api).base };
}

function parseLoosely(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One attempt's signal: aborted by the caller's signal or, after `timeoutMs`, with a `TimeoutError`
 * (as `AbortSignal.timeout` would). `done` clears the timer and the listener at once, so a finished
 * call leaves nothing behind (`AbortSignal.timeout` and `any` keep both alive until the timeout fires).
 */
function attemptSignal(timeoutMs: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  timer.unref();
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted === true) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}
