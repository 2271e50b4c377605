import { Option } from 'commander';
import { CliError, EXIT } from './output.ts';

/** Connection options shared by the commands that talk to a running server. */
export function apiOptions(): Option[] {
  return [
    new Option('--url <url>', 'Spacegate server URL').env('SPACEGATE_URL').default('http://localhost:3000'),
    new Option('--token <token>', 'API token (sgt_…); `spacegate start` prints one in demo mode').env(
      'SPACEGATE_TOKEN',
    ),
    new Option('--json', 'print JSON for scripts'),
  ];
}

/** The options those commands receive. */
export interface ApiCommandOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** Maps an HTTP status to the exit code a script sees. */
function exitFor(status: number): number {
  if (status === 401 || status === 403 || (status >= 400 && status < 500)) return EXIT.refused;
  if (status === 502 || status === 503 || status === 504) return EXIT.unreachable;
  return EXIT.failure;
}

function encode(body: unknown): string | ReadableStream {
  if (typeof body === 'string' || body instanceof ReadableStream) return body;
  return JSON.stringify(body);
}

/** A client for the REST API: bearer token, JSON in and out, `{ code, message }` errors become CliErrors. */
export function createApiClient(options: ApiCommandOptions) {
  if (options.token === undefined || options.token === '') {
    throw new CliError(
      'an API token is needed: pass --token or set SPACEGATE_TOKEN',
      EXIT.usage,
      'cli.no_token',
    );
  }
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.url), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        ...(body === undefined ? {} : { body: encode(body) }),
        // A streamed body is sent as it is read (fetch needs half duplex for that).
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw new CliError(
        `cannot reach ${options.url}: ${error instanceof Error ? error.message : String(error)}`,
        EXIT.unreachable,
        'cli.unreachable',
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed: { code?: string; message?: string; details?: unknown } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        parsed = { message: text.slice(0, 200) };
      }
      throw new CliError(
        `${parsed.message ?? `HTTP ${response.status}`} (${parsed.code ?? response.status})`,
        exitFor(response.status),
        parsed.code ?? `http.${response.status}`,
        parsed.details,
      );
    }
    return { text, contentType: response.headers.get('content-type') ?? '' };
  };
  return {
    /** GET a JSON resource. */
    async get<T>(path: string): Promise<T> {
      return JSON.parse((await call('GET', path)).text) as T;
    },
    /** GET a resource as text (CSV). */
    async getText(path: string): Promise<string> {
      return (await call('GET', path)).text;
    },
    /** POST JSON, text or a stream (a file as it is read) with its content type, and read JSON back. */
    async post<T>(path: string, body: unknown, contentType?: string): Promise<T> {
      return JSON.parse((await call('POST', path, body, contentType)).text) as T;
    },
  };
}
