import { z } from 'zod';
import { ConnectorError } from '../connector/index.ts';

const url = z.url({ error: 'expected a URL' }).transform((value) => value.replace(/\/+$/, ''));
const secret = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty secret' });
const text = z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' });
const count = (min: number, max: number, fallback: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` })
    .default(fallback);

/** An extra account attribute read from SCIM (a path into the user resource) or the admin API users list. */
const extraAttribute = z.strictObject({
  name: text,
  source: z.enum(['scim', 'admin'], { error: 'expected scim or admin' }),
  /** Dot path (`timezone`, `name.formatted`, `last_active`) or `urn:…:User:attribute` for SCIM extensions. */
  path: text,
});

/** The zod schema of the configuration (exported for the manifest's JSON Schema). */
export const configSchema = z.strictObject({
  kind: z.literal('cloud', { error: 'expected "cloud"' }),
  site: z.strictObject({ url, email: z.email({ error: 'expected an email address' }), apiToken: secret }),
  admin: z.strictObject({ url, orgId: text, apiKey: secret }),
  scim: z.strictObject({ url, directoryId: text, apiKey: secret }),
  /** The group that gives new accounts Confluence (its name, as Atlassian shows it). */
  productGroup: text,
  skipPersonalSpaces: z.boolean({ error: 'expected true or false' }).default(false),
  deactivateOnDelete: z.boolean({ error: 'expected true or false' }).default(false),
  extraAttributes: z.array(extraAttribute).default([]),
  concurrency: count(1, 64, 8),
  errorBudget: count(0, 1_000_000, 10),
  pageSize: z
    .strictObject({
      groups: count(1, 200, 200),
      members: count(1, 200, 200),
      spaces: count(1, 250, 250),
      permissions: count(1, 250, 250),
      scim: count(1, 100, 100),
      admin: count(1, 1000, 100),
    })
    .prefault({}),
  retry: z
    .strictObject({
      attempts: count(0, 20, 6),
      baseDelayMs: count(0, 60_000, 200),
      maxDelayMs: count(0, 300_000, 30_000),
      timeoutMs: count(100, 600_000, 30_000),
    })
    .prefault({}),
});

/** The connector configuration after defaults: credentials per API plus tuning. Frozen once parsed. */
export type CloudConnectorConfig = z.output<typeof configSchema>;

/** An extra attribute as configured. */
export type ExtraAttribute = z.output<typeof extraAttribute>;

/**
 * Parses the connector configuration (the JSON `spacegate emulator --write-config` writes, or the
 * same keys for a real site); throws `invalid_config` naming every bad key, never a secret value.
 */
export function parseConnectorConfig(json: unknown): Readonly<CloudConnectorConfig> {
  const result = configSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '(root)';
      return issue.code === 'unrecognized_keys'
        ? `${path === '(root)' ? '' : `${path}: `}unknown key(s) ${issue.keys.join(', ')}`
        : `${path}: ${issue.message}`;
    });
    throw new ConnectorError('invalid_config', `invalid connector configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return Object.freeze(result.data);
}
