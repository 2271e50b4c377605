import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../errors.ts';
import { parseHrSource } from './hr-source.ts';

const CSV = [
  'employeeId,email,firstName,lastName,department,jobTitle,manager,status,costCenter,location',
  'E1,ada@example.com,Ada,Lovelace,Engineering,Engineer,E2,active,CC1,"London, UK"',
  'E2,grace@example.com,Grace,Hopper,Engineering,"Director ""of"" Eng",,leaver,CC1,NYC',
].join('\r\n');

describe('parseHrSource', () => {
  test('reads CSV with quoted fields and keeps extra columns', () => {
    const [ada, grace] = parseHrSource('hr.csv', CSV);
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

  test('reads JSON with snake_case column names', () => {
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
    const [record] = parseHrSource('hr.json', json);
    assert.equal(record?.id, 'E7');
    assert.equal(record?.status, 'active');
    assert.deepEqual(record?.extra, { badge: '7' });
  });

  test('names every problem at once: row and column', () => {
    const bad = [
      'employeeId,email,firstName,lastName,status',
      'E1,not-an-email,A,B,active',
      'E2,b@example.com,,B,retired',
      'E1,c@example.com,C,D,active',
    ].join('\n');
    assert.throws(
      () => parseHrSource('hr.csv', bad),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'identity.invalid_source');
        assert.deepEqual(error.details?.problems, [
          'hr.csv: row 1: email: not an email address',
          'hr.csv: row 2: firstName: required',
          'hr.csv: row 2: status: expected active or leaver, got "retired"',
          'hr.csv: row 3: employeeId: "E1" repeats row 1',
        ]);
        return true;
      },
    );
  });
});
