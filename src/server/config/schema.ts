import { z } from 'zod';

/** The roles a person or a program can hold; each widens what the API and the pages allow. */
export const ROLES = ['requester', 'approver', 'catalog_owner', 'administrator', 'auditor'] as const;

/** One role name. */
export type Role = (typeof ROLES)[number];

const storeUrl = z.string().refine((url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url), {
  message: 'expected file: or postgres: URL',
});

const localUser = z.object({
  username: z.string().min(1),
  displayName: z.string().min(1).optional(),
  /** `scrypt$<salt>$<hash>` as written by `spacegate auth hash-password`; a secret. */
  passwordHash: z.string().regex(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/, 'expected scrypt$<salt hex>$<hash hex>'),
  roles: z.array(z.enum(ROLES)).min(1),
  /** The identity (by email) this person acts as when requesting or approving. */
  identity: z.email().optional(),
});

const apiToken = z.object({
  name: z.string().min(1),
  /** SHA-256 of the token, hex; the token itself is never stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters (SHA-256 of the token)'),
  roles: z.array(z.enum(ROLES)).min(1),
  identity: z.email().optional(),
});

/** How sign-in attempts are slowed (docs/configuration.md, Sign-in throttling). */
const signInLimits = z
  .object({
    /** Sign-in form posts one client address may make per minute (per process). */
    perAddressPerMinute: z.number().int().min(1).default(20),
    /** Failures in a row for one username (or one signed-in browser) before attempts are slowed. */
    freeFailures: z.number().int().min(1).default(5),
    /** The longest wait the back-off imposes between two attempts. */
    maxDelaySeconds: z.number().int().min(1).max(3600).default(300),
    /** Password checks (scrypt) run at once by this process; more wait, and beyond 32 waiting are refused. */
    concurrentChecks: z.number().int().min(1).max(64).default(2),
  })
  .strict()
  .prefault({});

/**
 * The whole configuration of `spacegate start` and `spacegate worker`: one schema, parsed once.
 * No `atlassian` section means demo mode (embedded emulator, sample data, demo sign-in accounts).
 */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        /** The URL people use; an https URL turns on Secure cookies. */
        publicUrl: z.url().optional(),
        trustProxy: z.boolean().default(false),
        /** Signs session cookies and CSRF tokens; a secret. Generated per process when absent. */
        sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
        sessionHours: z.number().positive().default(8),
        /** SHA-256 hex of the token Prometheus sends to read /metrics; a secret. */
        metricsTokenSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'expected 64 hex characters (SHA-256 of the token)')
          .optional(),
        /** Serve /metrics on this port (and not on `port`); without a metrics token it is open there. */
        metricsPort: z.number().int().min(0).max(65535).optional(),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        url: storeUrl.default('file:./data/spacegate.db'),
        /** PostgreSQL schema for this deployment (default `public`); jobs live in `<schema>_jobs`. */
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'expected a lower-case SQL identifier')
          .optional(),
      })
      .strict()
      .prefault({}),
    atlassian: z
      .object({
        /** A JSON file with the connector configuration (see docs/configuration.md). */
        connectorFile: z.string().min(1),
      })
      .strict()
      .optional(),
    demo: z
      .object({
        /** Which emulator demo mode starts: Confluence Cloud, or Confluence Data Center (9.2). */
        flavor: z.enum(['cloud', 'datacenter']).default('cloud'),
        size: z.enum(['small', 'medium', 'large']).default('medium'),
        seed: z.number().int().min(0).default(1),
        emulatorPort: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .prefault({}),
    sources: z
      .object({
        hrFile: z.string().min(1).optional(),
        policyFile: z.string().min(1).optional(),
        workflowsFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        users: z.array(localUser).default([]),
        apiTokens: z.array(apiToken).default([]),
        signIn: signInLimits,
      })
      .strict()
      .prefault({}),
    worker: z
      .object({
        enabled: z.boolean().default(true),
        pollMs: z.number().int().min(50).default(1000),
        /** `spacegate worker` serves /health and /metrics on this port when set (0 picks one). */
        metricsPort: z.number().int().min(0).max(65535).optional(),
      })
      .strict()
      .prefault({}),
    aggregation: z
      .object({
        /** Minutes between scheduled aggregations (fractions allowed); absent: only on demand. */
        intervalMinutes: z.number().positive().max(10_080, 'at most one week (10080)').optional(),
        /** Seconds a running aggregation's lease lasts; a process that stops renewing it loses the run. */
        leaseSeconds: z.number().int().min(5).max(3_600).default(60),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        /** Default: `info`, or `warn` in demo mode so the terminal shows the banner, not every request. */
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The parsed, defaulted configuration. */
export type SpacegateConfig = z.output<typeof configSchema>;

/** Key paths whose values are secrets: never printed, never logged. */
export const SECRET_KEYS: ReadonlyArray<RegExp> = [
  /^server\.sessionSecret$/,
  /^server\.metricsTokenSha256$/,
  /^auth\.users\.\d+\.passwordHash$/,
  /^auth\.apiTokens\.\d+\.sha256$/,
];
