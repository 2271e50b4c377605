import { z } from 'zod';
import { ConnectorError } from '../connector/index.ts';
import { type CloudConnectorConfig, cloudConfigSchema } from './cloud/config.ts';
import { type DataCenterConnectorConfig, dataCenterConfigSchema } from './datacenter/config.ts';

/** Every flavour's configuration, told apart by `kind`. */
const connectorConfigSchema = z.discriminatedUnion('kind', [cloudConfigSchema, dataCenterConfigSchema], {
  error: 'expected "cloud" or "datacenter"',
});

/** A parsed connector configuration of either flavour, defaults filled. */
export type ConnectorConfig = CloudConnectorConfig | DataCenterConnectorConfig;

/**
 * Parses a connector configuration (the JSON `spacegate emulator --write-config` writes, or the
 * same keys for a real site) of any flavour; throws `invalid_config` naming every bad key, never a
 * secret value. The result is frozen.
 */
export function parseConnectorConfig(json: unknown): Readonly<ConnectorConfig> {
  const result = connectorConfigSchema.safeParse(json);
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
