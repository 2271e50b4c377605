import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import streamArray from 'stream-json/streamers/stream-array.js';
import { DomainError } from '../errors.ts';

/** An HR export as text, or as the chunks of a file or an upload as they arrive. */
export type HrInput = string | AsyncIterable<string | Uint8Array>;

/** Text is fed to the parsers in slices of this many characters so a big string never blocks in one go. */
const SLICE = 64 * 1024;
/** The longest CSV record accepted (characters); a longer one is a broken file, not a person. */
const MAX_RECORD = 64 * 1024;

function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += SLICE) yield text.slice(at, at + SLICE);
}

/** The input as a stream whose first non-blank character is known (it tells JSON from CSV). */
async function peek(input: HrInput): Promise<{ stream: Readable; first: string; failed: Set<unknown> }> {
  const source = typeof input === 'string' ? slices(input) : input;
  const iterator = (Symbol.iterator in source ? source[Symbol.iterator]() : source[Symbol.asyncIterator]()) as
    | Iterator<string | Uint8Array>
    | AsyncIterator<string | Uint8Array>;
  const head: Array<string | Uint8Array> = [];
  const failed = new Set<unknown>();
  let first = '';
  while (first === '') {
    const next = await iterator.next();
    if (next.done === true) break;
    head.push(next.value);
    const text = typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('utf8');
    first = text.replace(/^[\s\uFEFF]+/, '').charAt(0);
  }
  async function* rest(): AsyncGenerator<string | Uint8Array> {
    yield* head;
    try {
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
        yield next.value;
    } catch (error) {
      failed.add(error);
      throw error;
    }
  }
  return { stream: Readable.from(rest(), { objectMode: false }), first, failed };
}

function invalid(name: string, message: string, cause: unknown): DomainError {
  return new DomainError(
    'identity.invalid_source',
    `${name}: ${message}`,
    { problems: [`${name}: ${message}`] },
    {
      cause,
    },
  );
}

async function* csvRows(
  name: string,
  stream: Readable,
  failed: Set<unknown>,
): AsyncGenerator<Record<string, unknown>> {
  const parser = stream.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD,
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  try {
    yield* parser as AsyncIterable<Record<string, unknown>>;
  } catch (error) {
    if (error instanceof CsvError && !failed.has(error))
      throw invalid(name, `not CSV: ${error.message}`, error);
    throw error;
  }
}

async function* jsonRows(
  name: string,
  stream: Readable,
  failed: Set<unknown>,
): AsyncGenerator<Record<string, unknown>> {
  const items = stream.pipe(streamArray.withParserAsStream());
  stream.on('error', (error) => items.destroy(error));
  try {
    for await (const item of items as AsyncIterable<{ value: unknown }>) {
      const { value } = item;
      yield typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { [NOT_AN_OBJECT]: value };
    }
  } catch (error) {
    if (failed.has(error) || !(error instanceof Error)) throw error;
    throw invalid(name, `not a JSON array of objects: ${error.message}`, error);
  }
}

/** The key a JSON array element that is not an object is reported under. */
export const NOT_AN_OBJECT = '\u0000not-an-object';

/**
 * Reads an HR export incrementally: CSV with a header row (RFC 4180) or a JSON array of objects,
 * chosen by the name's `.json` ending or a leading `[`; one row object at a time, so memory stays
 * flat whatever the size. A file that is not CSV or JSON fails as `identity.invalid_source`.
 */
export async function* readHrRows(name: string, input: HrInput): AsyncGenerator<Record<string, unknown>> {
  const { stream, first, failed } = await peek(input);
  const json = name.toLowerCase().endsWith('.json') || first === '[';
  yield* json ? jsonRows(name, stream, failed) : csvRows(name, stream, failed);
}
