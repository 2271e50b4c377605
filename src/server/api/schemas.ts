import { z } from 'zod';
import { PERMISSION_OPTIONS } from '../../connector/index.ts';

/** A person from the HR source, as the API shows them. */
export const identitySchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  department: z.string().nullable(),
  jobTitle: z.string().nullable(),
  managerId: z.string().nullable(),
  status: z.enum(['active', 'leaver']),
});

/** A permission option id (`view`, `add_page`, …). */
export const permissionOptionId = z.enum(PERMISSION_OPTIONS.map((o) => o.id) as [string, ...string[]]);

/** Low, medium or high. */
export const riskSchema = z.enum(['low', 'medium', 'high']);
