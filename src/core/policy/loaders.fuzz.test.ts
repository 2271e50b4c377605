import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { DomainError } from '../errors.ts';
import { readHrSource } from '../identities/hr-source.ts';
import type { Identity } from '../model.ts';
import { loadWorkflowPolicy } from '../workflows/workflow-policy.ts';
import { loadAttributePolicy } from './attribute-policy.ts';

/** Fixed seed (FUZZ_SEED to reproduce another run) and a time bound per property. */
const RUN = { seed: Number(process.env.FUZZ_SEED ?? 20261201), numRuns: 300, interruptAfterTimeLimit: 1500 };
const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

/** The example document with one value somewhere inside replaced by an arbitrary one. */
function mutated(document: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (typeof value === 'object' && value !== null)
      for (const [key, child] of Object.entries(value))
        walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
  };
  walk(document, []);
  return fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 })).map(([path, value]) => {
    if (path.length === 0) return value;
    const copy = structuredClone(document) as Record<string | number, unknown>;
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path.at(-1) ?? ''] = value;
    return copy;
  });
}

/** YAML texts: arbitrary text, arbitrary data, and the example mutated in one place. */
const yamlTexts = (exampleText: string) =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
    mutated(parse(exampleText)).map((v) => stringify(v)),
  );

/** Refused only as the loader's own error, with a message; anything else is a crash. */
function refusedCleanly(error: unknown, code: string): boolean {
  return error instanceof DomainError && error.code === code && error.message !== '';
}

const person: Identity = {
  id: 'E1',
  email: 'a@example.com',
  firstName: 'A',
  lastName: 'B',
  department: null,
  jobTitle: null,
  managerId: null,
  status: 'active',
  extra: {},
  updatedAt: '',
};

test('the attribute policy loader accepts or refuses any YAML with policy.invalid, and a loaded policy evaluates', () => {
  fc.assert(
    fc.property(yamlTexts(example('attribute-policy.yaml')), (text) => {
      try {
        const policy = loadAttributePolicy('policy.yaml', text);
        policy.attributesFor(person, 'create');
        policy.attributesFor(person, 'modify');
        return true;
      } catch (error) {
        return refusedCleanly(error, 'policy.invalid');
      }
    }),
    RUN,
  );
});

test('the workflow loader accepts or refuses any YAML with workflow.invalid, and a loaded policy selects', () => {
  fc.assert(
    fc.property(yamlTexts(example('workflows.yaml')), (text) => {
      try {
        const policy = loadWorkflowPolicy('workflows.yaml', text);
        policy.select({
          kind: 'grant',
          itemId: 'space:X',
          type: 'space',
          risk: 'high',
          permissions: ['admin'],
        });
        return true;
      } catch (error) {
        return refusedCleanly(error, 'workflow.invalid');
      }
    }),
    RUN,
  );
});

test('the HR loader accepts or refuses any CSV or JSON with identity.invalid_source', async () => {
  const csv = example('hr.csv');
  const texts = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc
      .tuple(fc.nat({ max: csv.length }), fc.string({ maxLength: 20 }))
      .map(([at, s]) => csv.slice(0, at) + s + csv.slice(at)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
    fc
      .array(
        fc.dictionary(
          fc.constantFrom('id', 'email', 'firstName', 'lastName', 'status', 'x'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
      )
      .map((rows) => JSON.stringify(rows)),
  );
  await fc.assert(
    fc.asyncProperty(texts, fc.constantFrom('hr.csv', 'hr.json'), async (text, name) => {
      try {
        const records = await readHrSource(name, text);
        return records.every(
          (r) => typeof r.id === 'string' && r.id !== '' && (r.status === 'active' || r.status === 'leaver'),
        );
      } catch (error) {
        return refusedCleanly(error, 'identity.invalid_source');
      }
    }),
    RUN,
  );
});

test('the mutation helper changes the example (a fuzz that never varies its input proves nothing)', () => {
  const document = parse(example('workflows.yaml'));
  const samples = fc.sample(mutated(document), { seed: 1, numRuns: 20 });
  assert.ok(samples.some((s) => JSON.stringify(s) !== JSON.stringify(document)));
});
