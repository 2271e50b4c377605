import type { TransportSettings } from '../http/transport.ts';
import type { CloudConnectorConfig } from './config.ts';
import type { CloudApiName } from './endpoints.ts';

/**
 * The Cloud flavour's three APIs for the shared transport: the site (Basic with email and API
 * token), the organization admin API and the SCIM directory (Bearer with their API keys).
 */
export function cloudTransportSettings(
  config: Readonly<CloudConnectorConfig>,
): TransportSettings<CloudApiName> {
  return {
    apis: [
      {
        name: 'site',
        baseUrl: config.site.url,
        auth: { type: 'basic', username: config.site.email, password: config.site.apiToken },
      },
      { name: 'admin', baseUrl: config.admin.url, auth: { type: 'bearer', token: config.admin.apiKey } },
      { name: 'scim', baseUrl: config.scim.url, auth: { type: 'bearer', token: config.scim.apiKey } },
    ],
    concurrency: config.concurrency,
    retry: config.retry,
    pathDefaults: { orgId: config.admin.orgId, directoryId: config.scim.directoryId },
  };
}
