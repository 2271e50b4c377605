import { z } from 'zod';
import { flag, refuseInsecureHttp, secret, text, tuningFields, url } from '../config-fields.ts';

/**
 * How the connector signs in: HTTP Basic with a user's password, or a personal access token sent
 * as Bearer (Confluence 7.9 and later); see the Data Center reference §1.
 */
const auth = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('basic'), username: text, password: secret }),
    z.strictObject({ type: z.literal('pat'), token: secret }),
  ],
  { error: 'expected { type: "basic", username, password } or { type: "pat", token }' },
);

/** An extra account attribute: a dot path into the REST Person JSON or the JSON-RPC `RemoteUser`. */
const extraAttribute = z.strictObject({
  name: text,
  source: z.enum(['rest', 'rpc'], { error: 'expected rest or rpc' }),
  path: text,
});

/** The zod schema of the Data Center (and Server) flavour's configuration. */
export const dataCenterConfigSchema = z
  .strictObject({
    kind: z.literal('datacenter'),
    /** The base URL with the context path if there is one (`https://wiki.example.com/confluence`). */
    baseUrl: url,
    auth,
    /** The Confluence version to assume (`8.5`, `9.2.3`); read from the server when absent. */
    version: z
      .string({ error: 'expected a string' })
      .regex(/^\d+\.\d+(\.\d+)?$/, { error: 'expected a version such as 8.5 or 9.2.3' })
      .optional(),
    /**
     * The group that gives new accounts "Can use" (its name: Data Center groups have no other id);
     * Confluence's own default group unless the instance uses another.
     */
    productGroup: text.default('confluence-users'),
    /** Groups that hold "Can use", for versions with no API to read global permissions (before 9.2.5). */
    accessGroups: z.array(text).optional(),
    extraAttributes: z.array(extraAttribute).default([]),
    skipPersonalSpaces: flag(false),
    deactivateOnDelete: flag(false),
    ...tuningFields,
  })
  .superRefine((config, ctx) => refuseInsecureHttp(config, [['baseUrl']], (issue) => ctx.addIssue(issue)), {
    when: () => true,
  });

/** The Data Center connector configuration after defaults. */
export type DataCenterConnectorConfig = z.output<typeof dataCenterConfigSchema>;

/** An extra attribute as configured. */
export type DcExtraAttribute = z.output<typeof extraAttribute>;
