import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { readListQuery } from './list-query.ts';

const schema = z.object({
  q: z.string().max(5, 'at most 5 characters').optional(),
  sort: z.enum(['name', 'email']).optional(),
  cursor: z
    .string()
    .regex(/^[a-z]+$/, 'not a link this list made')
    .optional(),
});

test('a list query keeps its good fields, names each bad one, and keeps what was typed', () => {
  const good = readListQuery(schema, { q: 'ann', sort: 'email', offset: '-5' });
  assert.deepEqual(good, {
    data: { q: 'ann', sort: 'email' },
    typed: { q: 'ann', sort: 'email', offset: '-5' },
    problems: [],
  });

  const bad = readListQuery(schema, { q: 'annabelle', sort: 'shoe', cursor: 'abc' });
  assert.deepEqual(bad.data, { cursor: 'abc' });
  assert.equal(bad.typed.q, 'annabelle');
  assert.deepEqual(bad.problems, [
    'Search: at most 5 characters.',
    'Sort: “shoe” is not one of name, email.',
  ]);

  const repeated = readListQuery(schema, { q: ['one', 'two'], cursor: 'A-1' });
  assert.deepEqual(repeated.data, { q: 'one' });
  assert.deepEqual(repeated.problems, ['Page: not a link this list made.']);
});
