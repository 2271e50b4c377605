/** How one environment variable maps onto a configuration key, and how its text is read. */
interface EnvBinding {
  name: string;
  path: string[];
  kind: 'string' | 'number' | 'boolean';
}

/** Every environment variable the programs read; docs/configuration.md lists the same table. */
export const ENV_BINDINGS: ReadonlyArray<EnvBinding> = [
  { name: 'SPACEGATE_HOST', path: ['server', 'host'], kind: 'string' },
  { name: 'SPACEGATE_PORT', path: ['server', 'port'], kind: 'number' },
  { name: 'SPACEGATE_PUBLIC_URL', path: ['server', 'publicUrl'], kind: 'string' },
  { name: 'SPACEGATE_TRUST_PROXY', path: ['server', 'trustProxy'], kind: 'boolean' },
  { name: 'SPACEGATE_SESSION_SECRET', path: ['server', 'sessionSecret'], kind: 'string' },
  { name: 'SPACEGATE_METRICS_TOKEN_SHA256', path: ['server', 'metricsTokenSha256'], kind: 'string' },
  { name: 'SPACEGATE_METRICS_PORT', path: ['server', 'metricsPort'], kind: 'number' },
  { name: 'SPACEGATE_STORE_URL', path: ['store', 'url'], kind: 'string' },
  { name: 'SPACEGATE_STORE_SCHEMA', path: ['store', 'schema'], kind: 'string' },
  { name: 'SPACEGATE_CONNECTOR_FILE', path: ['atlassian', 'connectorFile'], kind: 'string' },
  { name: 'SPACEGATE_DEMO_FLAVOR', path: ['demo', 'flavor'], kind: 'string' },
  { name: 'SPACEGATE_DEMO_SIZE', path: ['demo', 'size'], kind: 'string' },
  { name: 'SPACEGATE_DEMO_SEED', path: ['demo', 'seed'], kind: 'number' },
  { name: 'SPACEGATE_HR_FILE', path: ['sources', 'hrFile'], kind: 'string' },
  { name: 'SPACEGATE_POLICY_FILE', path: ['sources', 'policyFile'], kind: 'string' },
  { name: 'SPACEGATE_WORKFLOWS_FILE', path: ['sources', 'workflowsFile'], kind: 'string' },
  { name: 'SPACEGATE_WORKER', path: ['worker', 'enabled'], kind: 'boolean' },
  { name: 'SPACEGATE_WORKER_METRICS_PORT', path: ['worker', 'metricsPort'], kind: 'number' },
  {
    name: 'SPACEGATE_AGGREGATION_INTERVAL_MINUTES',
    path: ['aggregation', 'intervalMinutes'],
    kind: 'number',
  },
  { name: 'SPACEGATE_OIDC_CLIENT_SECRET', path: ['auth', 'oidc', 'clientSecret'], kind: 'string' },
  { name: 'SPACEGATE_SMTP_PASSWORD', path: ['mail', 'smtp', 'password'], kind: 'string' },
  { name: 'SPACEGATE_LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
];

/** Reads an environment value as its binding's kind; text that does not fit is passed on for the schema to reject. */
function readValue(raw: string, kind: EnvBinding['kind']): unknown {
  if (kind === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (kind === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    return raw;
  }
  return raw;
}

/** Lays the bound environment variables over the file's configuration object (environment wins). */
export function overlayEnvironment(
  fileConfig: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone(fileConfig);
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.name];
    if (raw === undefined || raw === '') continue;
    let node = result;
    for (const key of binding.path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[binding.path[binding.path.length - 1] ?? ''] = readValue(raw, binding.kind);
  }
  return result;
}
