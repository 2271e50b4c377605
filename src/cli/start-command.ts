import { once } from 'node:events';
import { Command } from 'commander';
import { ConnectorError } from '../connector/index.ts';
import { DomainError } from '../core/index.ts';
import { ConfigError, type RunningSpacegate, startSpacegate, startWorkerProcess } from '../server/index.ts';
import { loadConfigOrExit } from './config-command.ts';
import { wholeNumber } from './emulator-command.ts';
import { limitHeapGrowth } from './heap-policy.ts';
import { CliError, EXIT, runCommand } from './output.ts';

function banner(running: RunningSpacegate): string {
  const lines = [`Spacegate is running at ${running.url}`];
  if (running.demo) {
    lines.push(
      '',
      'DEMO MODE: no Atlassian site is configured, so Spacegate runs against a built-in emulated',
      `site (${running.runtime.emulator?.url ?? running.runtime.dcEmulator?.baseUrl ?? ''}) with sample people, groups and spaces. Nothing real is changed.`,
      '',
      `Sign in at ${running.url}/sign-in with one of these accounts:`,
      ...running.demoAccounts.map(
        (a) => `  ${a.username.padEnd(10)} password: ${a.password.padEnd(6)} ${a.role}`,
      ),
      '',
      'Try the loop: sign in as "requester", pick a space in the catalog, tick View and submit;',
      'sign out, sign in as "approver" and approve it in Approvals; sign back in as "requester"',
      'and watch the request turn Fulfilled under My requests.',
      '',
      `API reference: ${running.url}/api/docs   For the CLI in another terminal:`,
      `  export SPACEGATE_URL=${running.url} SPACEGATE_TOKEN=${running.demoToken ?? ''}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/**
 * Configuration found wrong only at start (connector file, policy or workflow files) exits 3 like a
 * bad key; so does a connector flavour that is not available yet (`unsupported`).
 */
function asStartupError(error: unknown): unknown {
  const codes = ['policy.invalid', 'workflow.invalid', 'identity.invalid_source'];
  if (error instanceof ConfigError) {
    return new CliError(error.message, EXIT.invalidConfig, 'config.invalid', { problems: error.problems });
  }
  const invalid =
    (error instanceof ConnectorError && ['invalid_config', 'unsupported'].includes(error.code)) ||
    (error instanceof DomainError && codes.includes(error.code)) ||
    (error instanceof Error && /^(atlassian|sources)\.\w+: /.test(error.message));
  return invalid && error instanceof Error
    ? new CliError(error.message, EXIT.invalidConfig, 'config.invalid')
    : error;
}

async function untilSignal(): Promise<void> {
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
}

/** `spacegate start`: the API, the web UI and the fulfillment worker in one process (demo mode without a site). */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'Serve the REST API, the web UI and the fulfillment worker (demo mode when no Atlassian site is configured)',
    )
    .option('--config <file>', 'configuration file (default: $SPACEGATE_CONFIG, else ./spacegate.yaml)')
    .option('--port <port>', 'port to listen on (overrides server.port)', wholeNumber('--port'))
    .action(async (options: { config?: string; port?: number }) => {
      await runCommand(false, async () => {
        const { config } = loadConfigOrExit(options.config);
        limitHeapGrowth();
        process.stdout.write(
          config.atlassian === undefined
            ? 'Starting the demo (seeding the emulated site, first aggregation)…\n'
            : 'Starting…\n',
        );
        const running = await startSpacegate({
          config,
          ...(options.port === undefined ? {} : { port: options.port }),
        }).catch((error: unknown) => {
          throw asStartupError(error);
        });
        process.stdout.write(banner(running));
        await untilSignal();
        await running.close();
      });
    });
}

/** `spacegate worker`: the fulfillment worker alone (several processes share a PostgreSQL store). */
export function workerCommand(): Command {
  return new Command('worker')
    .description('Run the fulfillment worker alone, for deployments with several processes on PostgreSQL')
    .option('--config <file>', 'configuration file (default: $SPACEGATE_CONFIG, else ./spacegate.yaml)')
    .action(async (options: { config?: string }) => {
      await runCommand(false, async () => {
        const { config } = loadConfigOrExit(options.config);
        if (config.atlassian === undefined) {
          throw new CliError(
            'spacegate worker needs an Atlassian site (atlassian.connectorFile); in demo mode `spacegate start` runs the worker',
            EXIT.invalidConfig,
            'config.no_site',
          );
        }
        limitHeapGrowth();
        const worker = await startWorkerProcess({ config }).catch((error: unknown) => {
          throw asStartupError(error);
        });
        process.stdout.write('Spacegate worker running; Ctrl+C to stop.\n');
        await untilSignal();
        await worker.close();
      });
    });
}
