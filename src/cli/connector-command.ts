import { readFile } from 'node:fs/promises';
import { Argument, Command } from 'commander';
import { createConnector, parseConnectorConfig } from '../atlassian/index.ts';
import {
  CONNECTOR_COMMANDS,
  CONNECTOR_ERROR_CODES,
  type Connector,
  ConnectorError,
  type ListFrame,
  toConnectorError,
} from '../connector/index.ts';
import {
  buildableManifests,
  changesOf,
  connectorSpec,
  createInputOf,
  entitlementTypeOf,
  type CommandInput as Input,
  keyOf,
  stateOf,
} from '../sailpoint/index.ts';

/** The connector's commands plus the two SailPoint asks of a package: schema discovery and the spec. */
const COMMANDS = [...CONNECTOR_COMMANDS, 'std:account:discover-schema', 'std:spec:read'];
type Emit = (value: unknown) => void;

/**
 * `spacegate connector <command> --config FILE [--input JSON]`: runs one connector command and
 * writes NDJSON to stdout as results stream; on failure one JSON error object on stderr, exit 1.
 * The input may be Spacegate's (`key: "id"`) or SailPoint's (`key: { simple: { id } }`, `stateful`).
 */
export function connectorCommand(): Command {
  return new Command('connector')
    .description('Run one connector command (SailPoint SaaS Connectivity vocabulary) and print NDJSON')
    .addArgument(new Argument('<command>', 'the command to run').choices(COMMANDS))
    .requiredOption('--config <file>', 'connector configuration (JSON, as `emulator --write-config` writes)')
    .option('--input <json>', 'command input as JSON, or @file to read it from a file', '{}')
    .action(async (command: string, options: { config: string; input: string }) => {
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
  const key = () => keyOf(input);
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
      return emit(await connector.createAccount(createInputOf(input)));
    case 'std:account:update':
      return emit(await connector.updateAccount(key(), changesOf(input)));
    case 'std:account:disable':
      return emit(await connector.disableAccount(key()));
    case 'std:account:enable':
      return emit(await connector.enableAccount(key()));
    case 'std:account:delete':
      await connector.deleteAccount(key());
      return emit({});
    case 'std:entitlement:list':
      return frames(connector.listEntitlements(entitlementTypeOf(input), { state: stateOf(input) }), emit);
    case 'std:account:discover-schema':
      return emit(connector.manifest().accountSchema);
    case 'std:spec:read':
      return emit({ specification: connectorSpec(buildableManifests()) });
    default:
      return emit(await connector.getEntitlement(entitlementTypeOf(input), key()));
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
