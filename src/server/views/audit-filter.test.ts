import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantOf } from './audit-filter.ts';

test('typed dates and times become the instants the audit filter compares, or nothing', () => {
  const cases: Array<[text: string, end: 'since' | 'until', expected: string | undefined]> = [
    ['2026-01-31', 'since', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31', 'until', '2026-01-31T23:59:59.999Z'],
    ['2026-01-31T14:30', 'since', '2026-01-31T14:30:00.000Z'],
    ['2026-01-31 14:30', 'until', '2026-01-31T14:30:59.000Z'],
    ['2026-01-31T14:30:15.5Z', 'since', '2026-01-31T14:30:15.500Z'],
    ['2026-01-31T14:30+02:00', 'since', '2026-01-31T12:30:00.000Z'],
    ['2026-02-31', 'since', undefined],
    ['2026-02-31T10:00', 'since', undefined],
    ['2026-01-31T25:00', 'since', undefined],
    ['last tuesday', 'since', undefined],
    ['31/01/2026', 'until', undefined],
    ['', 'since', undefined],
  ];
  for (const [text, end, expected] of cases) assert.equal(instantOf(text, end), expected, `${text} (${end})`);
});
