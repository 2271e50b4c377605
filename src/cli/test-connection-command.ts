import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { createConnector, parseConnectorConfig } from '../atlassian/index.ts';
import { type ConnectionReport, ConnectorError } from '../connector/index.ts';
import { loadConfigOrExit } from './config-command.ts';
import { CliError, EXIT, emit, runCommand } from './output.ts';

/** `spacegate test-connection`: reaches every Atlassian API the connector uses with the configured credentials. */
export function testConnectionCommand(): Command {
  return new Command('test-connection')
    .description('Check that the configured Atlassian site answers every API the connector uses')
    .option('--config <file>', 'configuration file (default: $SPACEGATE_CONFIG, else ./spacegate.yaml)')
    .option('--connector-file <file>', 'connector configuration JSON (default: atlassian.connectorFile)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { config?: string; connectorFile?: string; json?: boolean }) => {
      await runCommand(options.json === true, async () => {
        const file =
          options.connectorFile ?? loadConfigOrExit(options.config).config.atlassian?.connectorFile;
        if (file === undefined) {
          throw new CliError(
            'no Atlassian site is configured (demo mode); set atlassian.connectorFile or pass --connector-file',
            EXIT.invalidConfig,
            'config.no_site',
          );
        }
        let report: ConnectionReport;
        try {
          const connector = createConnector(parseConnectorConfig(JSON.parse(await readFile(file, 'utf8'))));
          report = await connector.testConnection();
        } catch (error) {
          if (error instanceof ConnectorError && ['invalid_config', 'unsupported'].includes(error.code)) {
            throw new CliError(error.message, EXIT.invalidConfig, `connector.${error.code}`, error.details);
          }
          if (error instanceof ConnectorError)
            throw new CliError(error.message, EXIT.unreachable, `connector.${error.code}`);
          throw new CliError(
            `${file}: ${error instanceof Error ? error.message : error}`,
            EXIT.invalidConfig,
            'config.invalid',
          );
        }
        emit(options.json === true, report, () =>
          [
            ...report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.message}`),
            report.ok ? 'connection ok' : 'connection FAILED',
          ].join('\n'),
        );
        if (!report.ok) process.exitCode = EXIT.unreachable;
      });
    });
}
