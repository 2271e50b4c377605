import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Identity } from '../model.ts';
import { type Asker, mayRequestFor } from './beneficiary-rule.ts';

const person = (id: string, managerId: string | null, status: Identity['status'] = 'active'): Identity => ({
  id,
  email: `${id.toLowerCase()}@example.com`,
  firstName: id,
  lastName: 'Person',
  department: null,
  jobTitle: null,
  managerId,
  status,
  extra: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const manager = person('M1', null);
const report = person('R1', 'M1');
const leftReport = person('R2', 'M1', 'leaver');
const indirect = person('R3', 'R1');
const stranger = person('S1', 'M9');

const admin: Asker = { administrator: true, identity: person('A1', null) };
const adminWithoutIdentity: Asker = { administrator: true, identity: undefined };
const asManager: Asker = { administrator: false, identity: manager };
const asReport: Asker = { administrator: false, identity: report };
const nobody: Asker = { administrator: false, identity: undefined };

describe('mayRequestFor: administrators for anyone, managers for active direct reports, others for themselves', () => {
  const cases: Array<[string, Asker, Identity | undefined, boolean]> = [
    ['administrator, a colleague', admin, stranger, true],
    ['administrator, a leaver (the core says why not)', admin, leftReport, true],
    ['administrator, an unknown email (the core says why not)', admin, undefined, true],
    ['administrator without an identity, a colleague', adminWithoutIdentity, stranger, true],
    ['manager, an active direct report', asManager, report, true],
    ['manager, a direct report who has left', asManager, leftReport, false],
    ['manager, a report of a report', asManager, indirect, false],
    ['manager, someone else', asManager, stranger, false],
    ['manager, an unknown email', asManager, undefined, false],
    ['manager, themselves', asManager, manager, true],
    ['report, their own manager', asReport, manager, false],
    ['report, themselves', asReport, report, true],
    ['report, someone else', asReport, stranger, false],
    ['no identity, anyone', nobody, report, false],
  ];
  for (const [name, asker, beneficiary, expected] of cases) {
    test(name, () => assert.equal(mayRequestFor(asker, beneficiary), expected));
  }
});
