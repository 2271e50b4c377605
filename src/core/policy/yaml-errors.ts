import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { DomainError, type DomainErrorCode } from '../errors.ts';

/** A YAML document read as plain data; a syntax error names the file, line and column. */
export function readYaml(file: string, text: string, code: DomainErrorCode): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? `:${error.linePos[0].line}:${error.linePos[0].col}`
        : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DomainError(code, `${file}${where}: ${message}`, { problems: [`${file}${where}: ${message}`] });
  }
}

/**
 * Turns zod issues into one error naming the file, the rule (by its `name`, or its position)
 * and the field of every problem: `policy.yaml: rule "display-name": set.displayName.from: …`.
 */
export function schemaError(
  file: string,
  code: DomainErrorCode,
  listKey: string,
  noun: string,
  data: unknown,
  issues: z.core.$ZodIssue[],
): DomainError {
  const list = (data as Record<string, unknown> | null)?.[listKey];
  const problems = issues.map((issue) => {
    const path = [...issue.path];
    let where = file;
    if (path[0] === listKey && typeof path[1] === 'number') {
      const entry = Array.isArray(list) ? (list[path[1]] as { name?: unknown } | undefined) : undefined;
      const label = typeof entry?.name === 'string' ? `"${entry.name}"` : `#${path[1] + 1}`;
      where += `: ${noun} ${label}`;
      path.splice(0, 2);
    }
    const field = path.map(String).join('.');
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${where}: ${field === '' ? '(top level)' : field}: ${message}`;
  });
  return new DomainError(code, problems.join('\n'), { problems });
}
