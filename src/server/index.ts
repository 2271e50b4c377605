export { hashPassword, newApiToken } from './auth/secrets.ts';
export type { AggregationRun } from './compose/aggregation-runs.ts';
export { checkReferencedFiles } from './compose/check-files.ts';
export { DEMO_PASSWORD } from './compose/demo.ts';
export { ENV_BINDINGS } from './config/env.ts';
export { ConfigError, type LoadedConfig, loadConfig, redactConfig } from './config/load.ts';
export { ROLES, type Role, type SpacegateConfig } from './config/schema.ts';
export { createLogger } from './observability/logger.ts';
export { type RunningSpacegate, startSpacegate, startWorkerProcess } from './start.ts';
