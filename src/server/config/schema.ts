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

/** One IdP group and the Spacegate roles its members get (docs/configuration.md, Single sign-on). */
const groupRoles = z.object({ group: z.string().min(1), roles: z.array(z.enum(ROLES)).min(1) }).strict();

/** OpenID Connect sign-in (authorization code with PKCE) with the company's identity provider. */
const oidc = z
  .object({
    /** The issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in. */
    issuer: z.url(),
    clientId: z.string().min(1),
    /** The client secret; a secret (client_secret_basic at the token endpoint). */
    clientSecret: z.string().min(1),
    /** The name on the sign-in button. */
    label: z.string().min(1).max(60).default('Sign in with single sign-on'),
    scopes: z
      .array(z.string().regex(/^[!#-[\]-~]+$/, 'expected a scope token'))
      .default(['openid', 'email', 'profile']),
    /** The claim holding the person's email, matched to an identity (case-insensitively). */
    emailClaim: z.string().min(1).default('email'),
    nameClaim: z.string().min(1).default('name'),
    /** The claim holding the person's IdP groups (an array of names, or one name). */
    groupsClaim: z.string().min(1).default('groups'),
    /** Which IdP groups give which roles; a person in none of them is refused. */
    groupRoles: z.array(groupRoles).min(1),
    /** Talk to an http:// issuer (a test provider on loopback); never in production. */
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .refine((value) => value.scopes.includes('openid'), {
    message: 'scopes must include openid',
    path: ['scopes'],
  })
  .refine((value) => value.allowInsecureHttp || value.issuer.startsWith('https:'), {
    message: 'expected an https issuer (allowInsecureHttp is for test providers only)',
    path: ['issuer'],
  });

/** Outgoing mail over SMTP (docs/configuration.md, Email). */
const smtp = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: plain (a relay on loopback). */
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    user: z.string().min(1).optional(),
    /** The SMTP password; a secret. */
    password: z.string().min(1).optional(),
    /** Seconds the SMTP connection and each command may take. */
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
  })
  .strict()
  .refine((value) => (value.user === undefined) === (value.password === undefined), {
    message: 'user and password go together',
    path: ['password'],
  });

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
        /** Local accounts (username and password): demo mode and break-glass; `false` hides the form. */
        localSignIn: z.boolean().default(true),
        oidc: oidc.optional(),
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
    drift: z
      .object({
        /** What drift on a catalog item without its own policy leads to: `report` only, or `revert` (a revocation). */
        defaultPolicy: z.enum(['report', 'revert']).default('report'),
      })
      .strict()
      .prefault({}),
    reviews: z
      .object({
        /** Hours before a campaign's deadline its reviewers with items left are mailed that it is near; 0: never. */
        deadlineNoticeHours: z.number().min(0).max(8_760, 'at most a year (8760)').default(24),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        /** The sender of every notification. */
        from: z.string().min(3).default('Spacegate <spacegate@localhost>'),
        /** Without SMTP, mail is kept in the outbox page (administrators) instead of being sent. */
        smtp: smtp.optional(),
        /** Seconds before trying again while the mail server cannot be reached (no attempt is spent). */
        retrySeconds: z.number().min(0.05).max(3_600).default(60),
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
  .strict()
  .refine((value) => value.auth.oidc === undefined || value.server.publicUrl !== undefined, {
    message: 'single sign-on needs server.publicUrl (the redirect URI is <publicUrl>/sign-in/oidc/callback)',
    path: ['server', 'publicUrl'],
  })
  .refine((value) => value.auth.localSignIn || value.auth.oidc !== undefined, {
    message: 'with localSignIn off, configure auth.oidc, or nobody can sign in',
    path: ['auth', 'localSignIn'],
  });

/** The parsed, defaulted configuration. */
export type SpacegateConfig = z.output<typeof configSchema>;

/** Key paths whose values are secrets: never printed, never logged. */
export const SECRET_KEYS: ReadonlyArray<RegExp> = [
  /^server\.sessionSecret$/,
  /^server\.metricsTokenSha256$/,
  /^auth\.users\.\d+\.passwordHash$/,
  /^auth\.apiTokens\.\d+\.sha256$/,
  /^auth\.oidc\.clientSecret$/,
  /^mail\.smtp\.password$/,
];
