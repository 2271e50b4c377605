import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSpacegate } from '../../src/server/start.ts';
import { storeSnapshot } from '../helpers/store-snapshot.ts';
import { startDemoServer } from './demo-server.ts';

const HEADER = 'employeeId,email,firstName,lastName,department,status\n';

/** A CSV generated as it is sent, `rows` lines of `row(i)`, with a flag set once the last byte has gone. */
function generatedCsv(rows: number, row: (i: number) => string) {
  const sent = { done: false };
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === 0) controller.enqueue(new TextEncoder().encode(HEADER));
      const lines: string[] = [];
      for (const end = Math.min(rows, i + 2000); i < end; i++) lines.push(row(i));
      controller.enqueue(new TextEncoder().encode(lines.join('')));
      if (i >= rows) {
        sent.done = true;
        controller.close();
      }
    },
  });
  return { body, sent };
}

describe('HR import of large files', () => {
  let running: RunningSpacegate;
  before(async () => {
    running = await startDemoServer();
  });
  after(() => running.close());

  const upload = (body: ReadableStream | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/v1/identities/import?name=big.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'text/csv', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  test('a 21 MB invalid file is refused with the first 100 problems and the count, nothing stored', async () => {
    const before = await storeSnapshot(running.runtime.store);
    const rows = 350_000;
    const { body } = generatedCsv(rows, (i) => `B${i},not-an-email-${i},Bad,Row${i},Engineering,active\n`);
    const response = await upload(body);
    const text = await response.text();
    assert.equal(response.status, 422);
    assert.ok(text.length < 64 * 1024, `the answer is bounded (${text.length} bytes)`);
    const answer = JSON.parse(text) as {
      code: string;
      details: { problems: string[]; problemCount: number };
    };
    assert.equal(answer.code, 'identity.invalid_source');
    assert.equal(answer.details.problems.length, 100);
    assert.equal(answer.details.problems[0], 'big.csv: row 1: email: not an email address');
    assert.equal(answer.details.problemCount, rows);
    assert.deepEqual(await storeSnapshot(running.runtime.store), before);
  });

  test('a large valid file imports while /health keeps answering', async () => {
    const rows = 20_000;
    const { body, sent } = generatedCsv(
      rows,
      (i) => `G${i},person${i}@bench.example,Good,Row${i},Eng,active\n`,
    );
    let answered = false;
    let healthWhileImporting = 0;
    const poll = (async () => {
      while (!answered) {
        const health = await fetch(`${running.url}/health`);
        if (health.status === 200 && sent.done && !answered) healthWhileImporting++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const response = await upload(body);
    const report = (await response.json()) as { created: number };
    answered = true;
    await poll;
    assert.equal(response.status, 200, JSON.stringify(report));
    assert.equal(report.created, rows);
    assert.ok(
      healthWhileImporting > 0,
      '/health answered after the file was sent and before the import ended',
    );
  });

  test('a file over the limit is refused with 413 before it is read', async () => {
    const response = await upload(Buffer.alloc(64 * 1024 * 1024 + 1, 'x'));
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), {
      code: 'api.payload_too_large',
      message: 'the HR file is larger than the 64 MiB limit',
      details: { limitBytes: 64 * 1024 * 1024 },
    });
  });

  test('the JSON form still takes a small file, and an empty request is refused by name', async () => {
    const json = (body: unknown) =>
      fetch(`${running.url}/api/v1/identities/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${running.demoToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const small = await json({
      name: 'one.json',
      content: '[{"id":"J1","email":"j1@example.org","firstName":"J","lastName":"One","status":"active"}]',
    });
    assert.equal(small.status, 200);
    assert.equal(((await small.json()) as { created: number }).created, 1);
    const empty = await fetch(`${running.url}/api/v1/identities/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demoToken}` },
    });
    assert.equal(empty.status, 400);
    assert.equal(((await empty.json()) as { code: string }).code, 'api.invalid_input');
  });
});
