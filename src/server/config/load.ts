import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { overlayEnvironment } from './env.ts';
import { configSchema, SECRET_KEYS, type SpacegateConfig } from './schema.ts';

/** Raised when the configuration cannot be read or is invalid; `problems` names every bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`, options);
  }
}

/** Where the configuration came from, to say so at start. */
export interface LoadedConfig {
  config: SpacegateConfig;
  file: string | undefined;
}

/** The file to read: the explicit path, else SPACEGATE_CONFIG, else ./spacegate.yaml when it exists. */
function configPath(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  if (explicit !== undefined) return explicit;
  if (env.SPACEGATE_CONFIG !== undefined && env.SPACEGATE_CONFIG !== '') return env.SPACEGATE_CONFIG;
  return existsSync('spacegate.yaml') ? 'spacegate.yaml' : undefined;
}

/** Formats zod issues as `path.to.key: message`, one per bad key. */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${path === '' ? key : `${path}.${key}`}: unknown key`);
    }
    return [`${path === '' ? '(root)' : path}: ${issue.message}`];
  });
}

/** Validates a configuration object (file content with the environment laid over it); throws ConfigError. */
export function parseConfig(input: unknown): SpacegateConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues));
  return deepFreeze(result.data);
}

/** Reads the YAML file and the environment, validates once, and returns the frozen configuration. */
export function loadConfig(
  options: { file?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): LoadedConfig {
  const env = options.env ?? process.env;
  const file = configPath(options.file, env);
  let fromFile: unknown = {};
  if (file !== undefined) {
    try {
      fromFile = parseYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError([`${file}: ${error instanceof Error ? error.message : String(error)}`], {
        cause: error,
      });
    }
    if (fromFile === null || fromFile === undefined) {
      throw new ConfigError([
        `${file}: the file is empty; remove it (or name no file) for demo mode, or configure the sections`,
      ]);
    }
    if (typeof fromFile !== 'object' || Array.isArray(fromFile)) {
      throw new ConfigError([`${file}: expected a mapping of sections (server, store, …)`]);
    }
  }
  const merged = overlayEnvironment(fromFile as Record<string, unknown>, env);
  return { config: parseConfig(merged), file };
}

/** A copy of the configuration safe to print: every secret replaced by `<secret>`. */
export function redactConfig(config: SpacegateConfig): unknown {
  const walk = (value: unknown, path: string): unknown => {
    if (SECRET_KEYS.some((pattern) => pattern.test(path)) && value !== undefined) return '<secret>';
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}.${i}`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, walk(inner, path === '' ? key : `${path}.${key}`)]),
      );
    }
    return value;
  };
  return walk(config, '');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
