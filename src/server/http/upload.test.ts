import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import { uploadOf } from './upload.ts';

const SPEC = { types: ['text/csv'], limit: 10, what: 'the file' };
const request = (chunks: string[], headers: Record<string, string> = {}) =>
  ({ body: Readable.from(chunks.map((c) => Buffer.from(c))), headers }) as unknown as FastifyRequest;

async function read(upload: AsyncIterable<Uint8Array> | undefined): Promise<string> {
  assert.ok(upload);
  let text = '';
  for await (const chunk of upload) text += Buffer.from(chunk).toString();
  return text;
}

test('an upload within the limit arrives whole, chunk by chunk', async () => {
  assert.equal(await read(uploadOf(request(['12345', '67890']), SPEC)), '1234567890');
});

test('a streamed upload is cut off at the byte past the limit with api.payload_too_large', async () => {
  await assert.rejects(read(uploadOf(request(['12345', '678901']), SPEC)), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'api.payload_too_large');
    return true;
  });
});

test('a declared length over the limit is refused before anything is read', () => {
  assert.throws(() => uploadOf(request([], { 'content-length': '11' }), SPEC), /larger than the 0 MiB limit/);
});

test('a JSON body (not a stream) is no upload', () => {
  const json = { body: { name: 'x' }, headers: {} } as unknown as FastifyRequest;
  assert.equal(uploadOf(json, SPEC), undefined);
  assert.equal(uploadOf(request(['1']), undefined), undefined);
});
