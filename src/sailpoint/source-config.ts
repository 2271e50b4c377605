import {
  createConnector,
  type MeteredConnector,
  parseConnectorConfig,
  type TransportOptions,
} from '../atlassian/index.ts';
import { ConnectorError, type ConnectorManifest } from '../connector/index.ts';
import { FLAVOUR_SAMPLES } from './flavour-samples.ts';

/** The manifest of one flavour, built from its placeholder configuration. */
export function flavourManifest(kind: string): ConnectorManifest {
  const sample = FLAVOUR_SAMPLES[kind];
  if (sample === undefined)
    throw new ConnectorError(
      'invalid_config',
      `kind: expected one of ${Object.keys(FLAVOUR_SAMPLES).join(', ')}`,
    );
  return createConnector(parseConnectorConfig(sample)).manifest();
}

/**
 * The manifests of every flavour this build can connect (Cloud and Data Center today): a flavour
 * `createConnector` refuses as `unsupported` would be left out of the package's spec.
 */
export function buildableManifests(): ConnectorManifest[] {
  return Object.keys(FLAVOUR_SAMPLES).flatMap((kind) => {
    try {
      return [flavourManifest(kind)];
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'unsupported') return [];
      throw error;
    }
  });
}

/**
 * Builds the connector for a SailPoint source configuration. SailPoint sends the form's fields
 * (dotted keys such as `site.url` become nested objects) together with keys of its own
 * (`spConnectorInstanceId`, `idnProxyType`, …); only the keys the flavour's manifest declares are
 * kept, so the strict configuration schema still names every mistake in ours.
 */
export function sourceConnector(raw: unknown, options: TransportOptions = {}): MeteredConnector {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConnectorError('invalid_config', 'the source configuration must be an object');
  const nested = unflatten(raw as Record<string, unknown>);
  const kind = typeof nested.kind === 'string' ? nested.kind : 'cloud';
  const declared = flavourManifest(kind).configurationSchema.properties;
  const known = new Set(Object.keys(typeof declared === 'object' && declared !== null ? declared : {}));
  const config = Object.fromEntries(Object.entries({ ...nested, kind }).filter(([key]) => known.has(key)));
  return createConnector(parseConnectorConfig(config), options);
}

/** `{ "site.url": u }` becomes `{ site: { url: u } }`; nested objects pass through; empty form fields are dropped. */
function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    if (value === '' || value === null) continue;
    const parts = path.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      at[part] = typeof next === 'object' && next !== null ? next : {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts.at(-1) as string] = value;
  }
  return out;
}
