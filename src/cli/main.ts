import { Command, CommanderError } from 'commander';
import { aggregateCommand, identitiesCommand } from './aggregate-command.ts';
import { auditCommand } from './audit-command.ts';
import { authCommand } from './auth-command.ts';
import { configCommand } from './config-command.ts';
import { connectorCommand } from './connector-command.ts';
import { driftCommand } from './drift-command.ts';
import { emulatorCommand } from './emulator-command.ts';
import { requestsCommand } from './requests-command.ts';
import { reviewsCommand } from './reviews-command.ts';
import { startCommand, workerCommand } from './start-command.ts';
import { testConnectionCommand } from './test-connection-command.ts';

/** Builds the `spacegate` command tree; each subcommand lives in its own file. */
export function buildProgram(): Command {
  const program = new Command('spacegate')
    .description('Access governance for Atlassian Confluence')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(startCommand());
  program.addCommand(workerCommand());
  program.addCommand(testConnectionCommand());
  program.addCommand(aggregateCommand());
  program.addCommand(identitiesCommand());
  program.addCommand(requestsCommand());
  program.addCommand(reviewsCommand());
  program.addCommand(auditCommand());
  program.addCommand(driftCommand());
  program.addCommand(configCommand());
  program.addCommand(authCommand());
  program.addCommand(emulatorCommand());
  program.addCommand(connectorCommand());
  applyToTree(program, (command) => command.exitOverride().showHelpAfterError());
  return program;
}

/** Runs the CLI and returns the process exit code (commander's usage errors give 2). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : 2;
    }
    process.stderr.write(`spacegate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `addCommand` does not pass settings down, so apply them to every command of the tree. */
function applyToTree(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) applyToTree(sub, apply);
}
