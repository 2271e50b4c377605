import { readFile } from 'node:fs/promises';
import { Argument, Command } from 'commander';
import { createConnector, parseConnectorConfig } from '../atlassian/index.ts';
import {
  CONNECTOR_COMMANDS,
  CONNECTOR_ERROR_CODES,
  type Connector,
  type ConnectorCommand,
  ConnectorError,
  type EntitlementType,
  type ListFrame,
  toConnectorError,
} from '../connector/index.ts';

type Input = Record<string, unknown>;
type Emit = (value: unknown) => void;

/**
 * `spacegate connector <command> --config FILE [--input JSON]`: runs one connector command and
 * writes NDJSON to stdout as results stream; on failure one JSON error object on stderr, exit 1.
 */
export function connectorCommand(): Command {
  return new Command('connector')
    .description('Run one connector command (SailPoint SaaS Connectivity vocabulary) and print NDJSON')
    .addArgument(new Argument('<command>', 'the command to run').choices(CONNECTOR_COMMANDS))
    .requiredOption('--config <file>', 'connector configuration (JSON, as `emulator --write-config` writes)')
    .option('--input <json>', 'command input as JSON, or @file to read it from a file', '{}')
    .action(async (command: ConnectorCommand, options: { config: string; input: string }) => {
      const emit: Emit = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
      try {
        const config = parseConnectorConfig(await readJson(options.config, 'invalid_config'));
        const input = await parseInput(options.input);
        await run(createConnector(config), command, input, emit);
      } catch (error) {
        process.stderr.write(`${JSON.stringify(toConnectorError(error).toJSON())}\n`);
        process.exitCode = 1;
      }
    });
}

async function run(connector: Connector, command: string, input: Input, emit: Emit): Promise<void> {
  const key = () => requireString(input, 'key', input.identity);
  switch (command) {
    case 'std:test-connection': {
      const report = await connector.testConnection();
      emit(report);
      const failed = report.checks.find((check) => !check.ok);
      if (failed !== undefined) throw failedCheck(failed.name, failed.message);
      return;
    }
    case 'std:account:list':
      return frames(connector.listAccounts({ state: stateOf(input) }), emit);
    case 'std:account:read':
      return emit(await connector.getAccount(key()));
    case 'std:account:create':
      return emit(
        await connector.createAccount({
          identity: requireString(input, 'identity'),
          attributes: (input.attributes ?? {}) as Record<string, unknown>,
        }),
      );
    case 'std:account:update': {
      if (!Array.isArray(input.changes))
        throw new ConnectorError('invalid_input', 'input.changes must be a list');
      return emit(await connector.updateAccount(key(), input.changes));
    }
    case 'std:account:disable':
      return emit(await connector.disableAccount(key()));
    case 'std:account:enable':
      return emit(await connector.enableAccount(key()));
    case 'std:account:delete':
      await connector.deleteAccount(key());
      return emit({});
    case 'std:entitlement:list':
      return frames(connector.listEntitlements(entitlementType(input), { state: stateOf(input) }), emit);
    default:
      return emit(await connector.getEntitlement(entitlementType(input), key()));
  }
}

async function frames<T>(list: AsyncIterable<ListFrame<T>>, emit: Emit): Promise<void> {
  for await (const frame of list) emit(frame);
}

function failedCheck(name: string, message: string): ConnectorError {
  const code =
    CONNECTOR_ERROR_CODES.find((candidate) => message.startsWith(`${candidate}:`)) ?? 'unavailable';
  return new ConnectorError(code, `test-connection failed at ${name}: ${message}`);
}

function stateOf(input: Input): Record<string, unknown> | undefined {
  return typeof input.state === 'object' && input.state !== null
    ? (input.state as Record<string, unknown>)
    : undefined;
}

function entitlementType(input: Input): EntitlementType {
  if (input.type === 'group' || input.type === 'space') return input.type;
  throw new ConnectorError('invalid_input', 'input.type must be "group" or "space"');
}

function requireString(input: Input, name: string, fallback?: unknown): string {
  const value = input[name] ?? fallback;
  if (typeof value !== 'string' || value === '')
    throw new ConnectorError('invalid_input', `input.${name} is required`);
  return value;
}

async function parseInput(raw: string): Promise<Input> {
  const value = raw.startsWith('@')
    ? await readJson(raw.slice(1), 'invalid_input')
    : parseJson(raw, 'invalid_input');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConnectorError('invalid_input', '--input must be a JSON object');
  }
  return value as Input;
}

async function readJson(file: string, code: 'invalid_config' | 'invalid_input'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConnectorError(code, `cannot read ${file}`, { cause: error });
  }
  return parseJson(text, code);
}

function parseJson(text: string, code: 'invalid_config' | 'invalid_input'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConnectorError(code, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
