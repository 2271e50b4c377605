import { DomainError } from '../errors.ts';
import type { Identity } from '../model.ts';
import { type HrInput, NOT_AN_OBJECT, readHrRows } from './hr-rows.ts';

/** One person as the HR source states them, before it is stored as an identity. */
export type HrRecord = Omit<Identity, 'updatedAt'>;

/** The standard columns (camelCase, snake_case and spaced spellings are accepted). */
const COLUMNS: Record<string, keyof Omit<HrRecord, 'extra'>> = {
  employeeid: 'id',
  id: 'id',
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  department: 'department',
  jobtitle: 'jobTitle',
  title: 'jobTitle',
  manager: 'managerId',
  managerid: 'managerId',
  status: 'status',
};
const REQUIRED = ['id', 'email', 'firstName', 'lastName', 'status'] as const;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

function textOf(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/** A value as it appears in a problem: quoted, and cut short so a problem line stays short. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function toRecord(raw: Record<string, unknown>, where: string, problems: Problems): HrRecord | undefined {
  if (NOT_AN_OBJECT in raw) {
    problems.push(`${where}: expected an object with the HR columns`);
    return undefined;
  }
  const fields: Partial<Record<keyof Omit<HrRecord, 'extra'>, string>> = {};
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = value === null || value === undefined ? '' : textOf(value).trim();
    const column = COLUMNS[normalise(name)];
    if (column === undefined) extra[name] = text;
    else fields[column] = text;
  }
  const missing = REQUIRED.filter((key) => (fields[key] ?? '') === '');
  for (const key of missing) problems.push(`${where}: ${key}: required`);
  const status = (fields.status ?? '').toLowerCase();
  if (status !== '' && status !== 'active' && status !== 'leaver') {
    problems.push(`${where}: status: expected active or leaver, got ${quote(fields.status ?? '')}`);
  }
  if (fields.email !== undefined && fields.email !== '' && !EMAIL.test(fields.email)) {
    problems.push(`${where}: email: not an email address`);
  }
  if (missing.length > 0 || (status !== 'active' && status !== 'leaver')) return undefined;
  return {
    id: fields.id ?? '',
    email: fields.email ?? '',
    firstName: fields.firstName ?? '',
    lastName: fields.lastName ?? '',
    department: fields.department || null,
    jobTitle: fields.jobTitle || null,
    managerId: fields.managerId || null,
    status,
    extra,
  };
}

/** How many problems an invalid source reports by name; the rest are counted. */
export const HR_PROBLEM_LIMIT = 100;
/** Rows checked between two yields to the event loop, so a large file never blocks the server. */
const BATCH = 500;

/** Problems found in a source: the first `limit` by name, all of them counted. */
class Problems {
  readonly first: string[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  push(problem: string): void {
    this.count++;
    if (this.first.length < this.limit) this.first.push(problem);
  }
}

function invalidSource(name: string, problems: Problems, rows: number): DomainError {
  const more = problems.count - problems.first.length;
  const lines =
    more > 0
      ? [...problems.first, `${name}: … and ${more} more (${problems.count} problems in ${rows} rows)`]
      : problems.first;
  return new DomainError('identity.invalid_source', lines.join('\n'), {
    problems: problems.first,
    problemCount: problems.count,
    rows,
  });
}

/**
 * Reads an HR export (CSV with a header row, or a JSON array of objects) into records, row by row
 * as it arrives. An invalid source fails as `identity.invalid_source` naming the first problems
 * (source, row, column) in `details.problems` and counting all of them in `details.problemCount`;
 * once a problem is found no more records are kept, so memory stays flat on a large bad file.
 */
export async function readHrSource(
  name: string,
  input: HrInput,
  options: { problemLimit?: number } = {},
): Promise<HrRecord[]> {
  const problems = new Problems(options.problemLimit ?? HR_PROBLEM_LIMIT);
  const records: HrRecord[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  let row = 0;
  for await (const raw of readHrRows(name, input)) {
    row++;
    if (row % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const where = `${name}: row ${row}`;
    const record = toRecord(raw, where, problems);
    if (record === undefined) continue;
    const priorId = seenIds.get(record.id);
    if (priorId !== undefined)
      problems.push(`${where}: employeeId: ${quote(record.id)} repeats row ${priorId}`);
    const email = record.email.toLowerCase();
    const priorEmail = seenEmails.get(email);
    if (priorEmail !== undefined) problems.push(`${where}: email: repeats row ${priorEmail}`);
    if (priorId === undefined) seenIds.set(record.id, row);
    if (priorEmail === undefined) seenEmails.set(email, row);
    if (problems.count === 0) records.push(record);
    else records.length = 0;
  }
  if (problems.count > 0) throw invalidSource(name, problems, row);
  return records;
}
