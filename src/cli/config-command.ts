import { Command } from 'commander';
import { ConfigError, checkReferencedFiles, loadConfig, redactConfig } from '../server/index.ts';
import { CliError, EXIT, emit, runCommand } from './output.ts';

/** Loads the configuration the way `start` does, turning problems into exit code 3. */
export function loadConfigOrExit(file: string | undefined) {
  try {
    return loadConfig(file === undefined ? {} : { file });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(error.message, EXIT.invalidConfig, 'config.invalid', { problems: error.problems });
    }
    throw error;
  }
}

/** `spacegate config check`: validates the file and the environment and prints the result, secrets hidden. */
export function configCommand(): Command {
  const config = new Command('config').description('Work with the configuration (YAML file + environment)');
  config
    .command('check')
    .description(
      'Validate the configuration and the files it names; print it with secrets hidden, or list every problem',
    )
    .option('--config <file>', 'configuration file (default: $SPACEGATE_CONFIG, else ./spacegate.yaml)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { config?: string; json?: boolean }) => {
      await runCommand(options.json === true, async () => {
        const loaded = loadConfigOrExit(options.config);
        const problems = await checkReferencedFiles(loaded.config);
        if (problems.length > 0) {
          throw new CliError(
            `invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`,
            EXIT.invalidConfig,
            'config.invalid',
            {
              problems,
            },
          );
        }
        const mode = loaded.config.atlassian === undefined ? 'demo' : 'atlassian';
        emit(
          options.json === true,
          { ok: true, file: loaded.file ?? null, mode, config: redactConfig(loaded.config) },
          () =>
            [
              `configuration is valid (${loaded.file ?? 'no file: defaults and environment'})`,
              `mode: ${mode === 'demo' ? 'demo (no Atlassian site configured)' : 'Atlassian site'}`,
              JSON.stringify(redactConfig(loaded.config), null, 2),
            ].join('\n'),
        );
      });
    });
  return config;
}
