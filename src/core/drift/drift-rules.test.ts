import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.ts';
import type { DriftEvent } from '../ports/drift-store.ts';
import { checkDriftActor, driftNote, openFinding, revertRefusal } from './drift-rules.ts';

const event: DriftEvent = {
  id: 'r2|out_of_band|a1|group|g1',
  kind: 'out_of_band',
  accountKey: 'a1',
  identityId: 'E1',
  entitlementKind: 'group',
  value: 'g1',
  detectedAt: '2026-02-01T09:00:00.000Z',
  runId: 'r2',
  resolution: 'reported',
  requestId: null,
  state: 'open',
  closedBy: null,
  closedAt: null,
  note: null,
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.code;
  }
};

test('only administrators accept or revert drift', () => {
  assert.equal(
    codeOf(() => checkDriftActor({ id: 'a', administrator: true })),
    undefined,
  );
  assert.equal(
    codeOf(() => checkDriftActor({ id: 'b', administrator: false })),
    'drift.forbidden',
  );
});

test('the note: trimmed, required to accept, optional to revert, bounded', () => {
  const cases: Array<[string | undefined, boolean, string | null | 'drift.invalid']> = [
    ['  a reason ', true, 'a reason'],
    ['', true, 'drift.invalid'],
    ['   ', true, 'drift.invalid'],
    [undefined, true, 'drift.invalid'],
    [undefined, false, null],
    ['  ', false, null],
    ['x'.repeat(2001), false, 'drift.invalid'],
  ];
  for (const [note, required, expected] of cases) {
    const code = codeOf(() => driftNote(note, required));
    if (expected === 'drift.invalid') assert.equal(code, 'drift.invalid', String(note));
    else assert.equal(driftNote(note, required), expected);
  }
});

test('only an open finding is acted on; a closed one is a conflict naming its state and who closed it', () => {
  assert.equal(openFinding(event.id, event), event);
  assert.equal(
    codeOf(() => openFinding('x', undefined)),
    'drift.not_found',
  );
  const accepted = {
    ...event,
    state: 'accepted' as const,
    closedBy: 'admin',
    closedAt: '2026-02-02T00:00:00.000Z',
  };
  assert.throws(
    () => openFinding(event.id, accepted),
    (e: DomainError) => e.code === 'drift.not_open' && /already accepted \(by admin/.test(e.message),
  );
});

test('a revert needs access still held by an account with a person', () => {
  const cases: Array<[Partial<DriftEvent>, boolean]> = [
    [{ kind: 'out_of_band' }, true],
    [{ kind: 'leaver' }, true],
    [{ kind: 'removed' }, false],
    [{ kind: 'orphan', identityId: null }, false],
    [{ kind: 'out_of_band', identityId: null }, false],
  ];
  for (const [patch, revocable] of cases)
    assert.equal(revertRefusal({ ...event, ...patch }) === undefined, revocable, JSON.stringify(patch));
});
