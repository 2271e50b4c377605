import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ApiError } from './errors.ts';

/** A route that takes a file as its raw body, read as it arrives instead of buffered whole. */
export interface UploadSpec {
  /** Media types sent as the raw file (e.g. `text/csv`, `application/octet-stream`). */
  types: string[];
  /** Largest file in bytes; a larger one is refused with `api.payload_too_large` (413). */
  limit: number;
  /** Names the file in the refusal: "the HR file". */
  what: string;
}

function tooLarge(spec: UploadSpec): ApiError {
  const mib = Math.round(spec.limit / 1_048_576);
  return new ApiError('api.payload_too_large', `${spec.what} is larger than the ${mib} MiB limit`, {
    limitBytes: spec.limit,
  });
}

async function* limited(stream: Readable, spec: UploadSpec): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  // A refused or abandoned upload leaves the socket open so the error still reaches the client;
  // Node discards the unread rest once the answer is sent.
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > spec.limit) throw tooLarge(spec);
    yield chunk;
  }
}

/** The upload of this request as a size-checked stream, or undefined when the body was not a raw file. */
export function uploadOf(
  request: FastifyRequest,
  spec: UploadSpec | undefined,
): AsyncIterable<Uint8Array> | undefined {
  if (spec === undefined || !(request.body instanceof Readable)) return undefined;
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > spec.limit) throw tooLarge(spec);
  return limited(request.body, spec);
}

/** Registers an upload route in its own scope, where its media types reach the handler as a stream. */
export function registerUploadRoute(app: FastifyInstance, spec: UploadSpec, options: RouteOptions): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(spec.types, (_request, payload, done) => {
      done(null, payload);
    });
    scope.route(options);
  });
}
