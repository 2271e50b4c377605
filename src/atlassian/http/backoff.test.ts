import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelay, serverWaitMs } from './backoff.ts';

const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  const cases: Array<[attempt: number, random: number, server: number | undefined, expected: number]> = [
    [0, 0.5, undefined, 50],
    [1, 0.5, undefined, 100],
    [3, 0.999, undefined, 799],
    [10, 0.999, undefined, 999],
    [0, 0, 2000, 1000],
    [0, 0.9, 30, 90],
    [2, 0.1, 300, 300],
  ];
  for (const [attempt, random, server, expected] of cases) {
    test(`attempt ${attempt}, draw ${random}, server ${server ?? '-'} -> ${expected}ms`, () => {
      assert.equal(
        backoffDelay(policy, attempt, server, () => random),
        expected,
      );
    });
  }
});

describe('serverWaitMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const cases: Array<[Record<string, string>, number | undefined]> = [
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'x-ratelimit-reset': '2026-01-01T00:00:02Z' }, 2000],
    [{ 'x-ratelimit-reset': '2025-12-31T23:59:00Z' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ];
  for (const [headers, expected] of cases) {
    test(`${JSON.stringify(headers)} -> ${expected}`, () => {
      assert.equal(serverWaitMs(new Headers(headers), now), expected);
    });
  }
});
