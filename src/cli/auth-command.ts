import { text } from 'node:stream/consumers';
import { Command, Option } from 'commander';
import { hashPassword, newApiToken, ROLES } from '../server/index.ts';
import { CliError, EXIT, emit, runCommand } from './output.ts';

/** `spacegate auth`: make the hashed entries the configuration's `auth` section holds. */
export function authCommand(): Command {
  const auth = new Command('auth').description(
    'Create sign-in accounts and API tokens for the configuration',
  );
  auth
    .command('hash-password')
    .description('Read a password on stdin and print its scrypt hash for auth.users[].passwordHash')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { json?: boolean }) => {
      await runCommand(options.json === true, async () => {
        const password = (await text(process.stdin)).replace(/\r?\n$/, '');
        if (password.length < 8)
          throw new CliError('the password must have at least 8 characters', EXIT.usage);
        const passwordHash = await hashPassword(password);
        emit(options.json === true, { passwordHash }, () => passwordHash);
      });
    });
  auth
    .command('new-token')
    .description(
      'Make an API token: prints the token once and the entry (with its SHA-256) for auth.apiTokens',
    )
    .requiredOption('--name <name>', 'what the token is for, e.g. ci')
    .addOption(new Option('--role <role...>', 'roles the token holds').choices(ROLES).makeOptionMandatory())
    .option('--json', 'print JSON for scripts')
    .action(async (options: { name: string; role: string[]; json?: boolean }) => {
      await runCommand(options.json === true, async () => {
        const { token, sha256 } = newApiToken();
        const entry = { name: options.name, sha256, roles: options.role };
        emit(options.json === true, { token, entry }, () =>
          [
            `token (shown once, keep it secret): ${token}`,
            'add to the configuration under auth.apiTokens:',
            `  - name: ${entry.name}`,
            `    sha256: ${entry.sha256}`,
            `    roles: [${entry.roles.join(', ')}]`,
          ].join('\n'),
        );
      });
    });
  return auth;
}
