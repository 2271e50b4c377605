import { DomainError } from '../errors.ts';
import type { Identity } from '../model.ts';
import { parseCsv } from './csv.ts';

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

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

function toRecord(raw: Record<string, unknown>, where: string, problems: string[]): HrRecord | undefined {
  const fields: Partial<Record<keyof Omit<HrRecord, 'extra'>, string>> = {};
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = value === null || value === undefined ? '' : String(value).trim();
    const column = COLUMNS[normalise(name)];
    if (column === undefined) extra[name] = text;
    else fields[column] = text;
  }
  const missing = REQUIRED.filter((key) => (fields[key] ?? '') === '');
  for (const key of missing) problems.push(`${where}: ${key}: required`);
  const status = (fields.status ?? '').toLowerCase();
  if (status !== '' && status !== 'active' && status !== 'leaver') {
    problems.push(`${where}: status: expected active or leaver, got "${fields.status}"`);
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

/**
 * Parses an HR export (CSV with a header row, or a JSON array of objects) into records; every
 * problem is reported at once as `identity.invalid_source`, naming the source, row and column.
 */
export function parseHrSource(name: string, text: string): HrRecord[] {
  const problems: string[] = [];
  let rows: Array<Record<string, unknown>>;
  if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DomainError('identity.invalid_source', `${name}: not JSON: ${message}`, {
        problems: [message],
      });
    }
    if (!Array.isArray(parsed))
      throw new DomainError('identity.invalid_source', `${name}: expected a JSON array`);
    rows = parsed as Array<Record<string, unknown>>;
  } else {
    rows = parseCsv(text);
  }
  const records: HrRecord[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  rows.forEach((raw, index) => {
    const where = `${name}: row ${index + 1}`;
    const record = toRecord(raw, where, problems);
    if (record === undefined) return;
    const priorId = seenIds.get(record.id);
    if (priorId !== undefined) problems.push(`${where}: employeeId: "${record.id}" repeats row ${priorId}`);
    const priorEmail = seenEmails.get(record.email.toLowerCase());
    if (priorEmail !== undefined) problems.push(`${where}: email: repeats row ${priorEmail}`);
    seenIds.set(record.id, index + 1);
    seenEmails.set(record.email.toLowerCase(), index + 1);
    records.push(record);
  });
  if (problems.length > 0) {
    throw new DomainError('identity.invalid_source', problems.join('\n'), { problems });
  }
  return records;
}
