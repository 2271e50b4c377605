import type { z } from 'zod';
import { AdminApiError } from './admin-error.ts';

/** Parses a request body (or query) with a schema, or fails with `ADMIN-400-24` (invalid request body). */
export function parseAdminBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
  throw new AdminApiError(
    400,
    'ADMIN-400-24',
    `Invalid request body: ${where}: ${issue?.message ?? 'invalid'}`,
  );
}
