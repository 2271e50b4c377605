/** Which Confluence REST generation a path belongs to; each has its own error body. */
export type ApiGeneration = 'v1' | 'v2';

/** An error the emulated Confluence answers with, in the body shape of the path's API generation. */
export class ConfluenceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConfluenceError';
  }
}

/** The generation of a `/wiki/...` URL: `/wiki/api/v2/...` is v2, everything else is v1. */
export function generationOf(url: string): ApiGeneration {
  return url.startsWith('/wiki/api/v2/') || url === '/wiki/api/v2' ? 'v2' : 'v1';
}

const V2_CODES: Record<number, [code: string, title: string]> = {
  400: ['INVALID_REQUEST_PARAMETER', 'Bad Request'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not Found'],
  405: ['METHOD_NOT_ALLOWED', 'Method Not Allowed'],
  413: ['PAYLOAD_TOO_LARGE', 'Payload Too Large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal Server Error'],
};

/**
 * The error body for a status and message. v1 uses the `statusCode`/`data`/`message` shape of the
 * v1 reference's error responses, with the HTTP `reason` phrase seen on Cloud errors (shared
 * reference §3.1); v2 uses `{errors:[{status, code, title, detail}]}` as observed in the wild
 * (hunyadi/md2conf#113), with the message as the title the way Cloud words parameter errors.
 */
export function errorBody(generation: ApiGeneration, status: number, message: string): object {
  if (generation === 'v2') {
    const [code, title] = V2_CODES[status] ?? ['ERROR', 'Error'];
    return { errors: [{ status, code, title: status === 400 ? message : title, detail: null }] };
  }
  return {
    statusCode: status,
    data: {
      authorized: status !== 401 && status !== 403,
      valid: status !== 400,
      errors: [{ message: { translation: message, args: [] } }],
      successful: false,
    },
    message,
    reason: V2_CODES[status]?.[1] ?? 'Error',
  };
}

/** Shorthand for a 400 naming the offending parameter. */
export function badRequest(message: string): ConfluenceError {
  return new ConfluenceError(400, message);
}

/** Shorthand for a 404. */
export function notFound(message: string): ConfluenceError {
  return new ConfluenceError(404, message);
}
