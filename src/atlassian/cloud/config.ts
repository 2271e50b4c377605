import { z } from 'zod';
import { count, flag, refuseInsecureHttp, secret, text, tuningFields, url } from '../config-fields.ts';

/** An extra account attribute read from SCIM (a path into the user resource) or the admin API users list. */
const extraAttribute = z.strictObject({
  name: text,
  source: z.enum(['scim', 'admin'], { error: 'expected scim or admin' }),
  /** Dot path (`timezone`, `name.formatted`, `last_active`) or `urn:…:User:attribute` for SCIM extensions. */
  path: text,
});

/** The zod schema of the Cloud flavour's configuration (exported for the union and the manifest). */
export const cloudConfigSchema = z
  .strictObject({
    kind: z.literal('cloud'),
    site: z.strictObject({ url, email: z.email({ error: 'expected an email address' }), apiToken: secret }),
    admin: z.strictObject({ url, orgId: text, apiKey: secret }),
    scim: z.strictObject({ url, directoryId: text, apiKey: secret }),
    /** The group that gives new accounts Confluence (its name, as Atlassian shows it). */
    productGroup: text,
    skipPersonalSpaces: flag(false),
    deactivateOnDelete: flag(false),
    extraAttributes: z.array(extraAttribute).default([]),
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
    ...tuningFields,
  })
  .superRefine(
    (config, ctx) =>
      refuseInsecureHttp(
        config,
        [
          ['site', 'url'],
          ['admin', 'url'],
          ['scim', 'url'],
        ],
        (issue) => ctx.addIssue(issue),
      ),
    { when: () => true },
  );

/** The connector configuration after defaults: credentials per API plus tuning. Frozen once parsed. */
export type CloudConnectorConfig = z.output<typeof cloudConfigSchema>;

/** An extra attribute as configured. */
export type ExtraAttribute = z.output<typeof extraAttribute>;
