/**
 * One placeholder configuration per flavour `kind`: enough for `createConnector` to build the
 * flavour and state its manifest (schemas, configuration fields) without reaching any site. The
 * spec generator and the source-configuration filter both read the manifests made from these.
 */
export const FLAVOUR_SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  cloud: {
    kind: 'cloud',
    site: { url: 'https://example.atlassian.net', email: 'admin@example.com', apiToken: 'placeholder' },
    admin: { url: 'https://api.atlassian.com', orgId: 'placeholder', apiKey: 'placeholder' },
    scim: { url: 'https://api.atlassian.com', directoryId: 'placeholder', apiKey: 'placeholder' },
    productGroup: 'confluence-users',
  },
  datacenter: {
    kind: 'datacenter',
    baseUrl: 'https://wiki.example.com/confluence',
    auth: { type: 'pat', token: 'placeholder' },
  },
};
