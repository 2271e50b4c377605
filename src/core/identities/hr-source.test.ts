import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../errors.ts';
import { readHrSource } from './hr-source.ts';

const CSV = [
  'employeeId,email,firstName,lastName,department,jobTitle,manager,status,costCenter,location',
  'E1,ada@example.com,Ada,Lovelace,Engineering,Engineer,E2,active,CC1,"London, UK"',
  'E2,grace@example.com,Grace,Hopper,Engineering,"Director ""of"" Eng",,leaver,CC1,NYC',
].join('\r\n');

describe('readHrSource', () => {
  test('reads CSV with quoted fields and keeps extra columns', async () => {
    const [ada, grace] = await readHrSource('hr.csv', CSV);
    assert.deepEqual(ada, {
      id: 'E1',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      department: 'Engineering',
      jobTitle: 'Engineer',
      managerId: 'E2',
      status: 'active',
      extra: { costCenter: 'CC1', location: 'London, UK' },
    });
    assert.equal(grace?.jobTitle, 'Director "of" Eng');
    assert.equal(grace?.managerId, null);
    assert.equal(grace?.status, 'leaver');
  });

  test('reads JSON with snake_case column names', async () => {
    const json = JSON.stringify([
      {
        employee_id: 'E7',
        email: 'x@example.com',
        first_name: 'X',
        last_name: 'Y',
        status: 'Active',
        badge: 7,
      },
    ]);
    const [record] = await readHrSource('hr.json', json);
    assert.equal(record?.id, 'E7');
    assert.equal(record?.status, 'active');
    assert.deepEqual(record?.extra, { badge: '7' });
  });

  test('names every problem at once: row and column', async () => {
    const bad = [
      'employeeId,email,firstName,lastName,status',
      'E1,not-an-email,A,B,active',
      'E2,b@example.com,,B,retired',
      'E1,c@example.com,C,D,active',
    ].join('\n');
    await assert.rejects(readHrSource('hr.csv', bad), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'identity.invalid_source');
      assert.deepEqual(error.details?.problems, [
        'hr.csv: row 1: email: not an email address',
        'hr.csv: row 2: firstName: required',
        'hr.csv: row 2: status: expected active or leaver, got "retired"',
        'hr.csv: row 3: employeeId: "E1" repeats row 1',
      ]);
      return true;
    });
  });

  test('reads a stream whose chunks cut through rows, quotes and multi-byte characters', async () => {
    const bytes = Buffer.from(`\uFEFF${CSV.replace('Lovelace', 'Lövelace')}`);
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const [ada, grace] = await readHrSource('hr.csv', oneByteAtATime());
    assert.equal(ada?.lastName, 'Lövelace');
    assert.equal(ada?.extra.location, 'London, UK');
    assert.equal(grace?.jobTitle, 'Director "of" Eng');
  });

  test('names the first problems only and counts them all', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `E${i},bad-${i},A,B,active`);
    const source = ['employeeId,email,firstName,lastName,status', ...rows].join('\n');
    const error = await readHrSource('hr.csv', source, { problemLimit: 3 }).catch((e: unknown) => e);
    assert.ok(error instanceof DomainError);
    assert.deepEqual(error.details, {
      problems: [
        'hr.csv: row 1: email: not an email address',
        'hr.csv: row 2: email: not an email address',
        'hr.csv: row 3: email: not an email address',
      ],
      problemCount: 250,
      rows: 250,
    });
    assert.match(error.message, /… and 247 more \(250 problems in 250 rows\)$/);
  });

  test('cuts long values short in a problem', async () => {
    const source = `employeeId,email,firstName,lastName,status\nE1,a@example.com,A,B,${'x'.repeat(5000)}`;
    const error = await readHrSource('hr.csv', source).catch((e: unknown) => e);
    assert.ok(error instanceof DomainError);
    assert.equal(error.message, `hr.csv: row 1: status: expected active or leaver, got "${'x'.repeat(40)}…"`);
  });

  test('refuses what is not CSV or not a JSON array of objects, naming it', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['hr.csv', 'employeeId,email\n"E1,unclosed', /^hr\.csv: not CSV: Quote Not Closed/],
      ['hr.json', '[{"employee_id": "E1",', /^hr\.json: not a JSON array of objects/],
      ['hr.json', '{"employee_id": "E1"}', /^hr\.json: not a JSON array of objects/],
      ['hr.json', '[null, 7]', /^hr\.json: row 1: expected an object with the HR columns\nhr\.json: row 2:/],
    ];
    for (const [name, text, message] of cases) {
      await assert.rejects(readHrSource(name, text), (error: unknown) => {
        assert.ok(error instanceof DomainError, `${name} ${text}`);
        assert.equal(error.code, 'identity.invalid_source');
        assert.match(error.message, message);
        return true;
      });
    }
  });
});
