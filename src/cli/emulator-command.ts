import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type FaultRule, parseFaultSpec, SIZE_PROFILES, startEmulator } from '../emulator/index.ts';

/** Parses a whole number option, naming the option in the error. */
export function wholeNumber(name: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };
}

/** Adds one `--fault` to those given so far, naming what is wrong with a bad one. */
function collectFault(spec: string, previous: FaultRule[]): FaultRule[] {
  const rule = parseFaultSpec(spec);
  if (typeof rule === 'string') throw new InvalidArgumentError(`--fault ${spec}: ${rule}`);
  return [...previous, rule];
}

/** Adds one `--revoke` to those given so far. */
function collectRevoked(credential: string, previous: string[]): string[] {
  if (!['site', 'admin', 'scim'].includes(credential)) {
    throw new InvalidArgumentError(`--revoke ${credential}: expected site, admin or scim`);
  }
  return [...previous, credential];
}

/** `spacegate emulator`: serves an emulated Atlassian Cloud organization until stopped. */
export function emulatorCommand(): Command {
  return new Command('emulator')
    .description('Run the Atlassian Cloud emulator (SCIM, admin API, Confluence REST) on one port')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', wholeNumber('--port'), 4010)
    .addOption(new Option('--size <profile>', 'seed size profile').choices(SIZE_PROFILES).default('small'))
    .option('--seed <n>', 'seed number: the same seed gives the same site', wholeNumber('--seed'), 1)
    .option('--latency-ms <ms>', 'latency added to every request', wholeNumber('--latency-ms'), 0)
    .option('--rate-limit <rps>', 'requests per second before 429 (0: none)', wholeNumber('--rate-limit'), 0)
    .option(
      '--fault <spec>',
      'inject a fault, repeatable: status:503,rate=0.1 | reset,count=5 | truncate,count=2,pathPrefix=/wiki | malformed,rate=0.05',
      collectFault,
      [],
    )
    .option(
      '--revoke <credential>',
      'revoke a credential from the start: site, admin or scim (repeatable)',
      collectRevoked,
      [],
    )
    .option('--write-config <file>', 'write the connector configuration (JSON) for this emulator to a file')
    .action(async (options) => {
      const emulator = await startEmulator({
        host: options.host,
        port: options.port,
        size: options.size,
        seed: options.seed,
        latencyMs: options.latencyMs,
        rateLimit: options.rateLimit,
        faults: options.fault,
        revoked: options.revoke,
      });
      const config = emulator.connectorConfig();
      if (options.writeConfig !== undefined) {
        await writeFile(options.writeConfig, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
      }
      process.stdout.write(
        [
          `Atlassian emulator (${options.size}, seed ${options.seed}) listening on ${emulator.url}`,
          `  Confluence site   ${config.site.url}/wiki`,
          `    basic auth      ${config.site.email} : ${config.site.apiToken}`,
          `  Admin API         ${config.admin.url}/admin/v1/orgs/${config.admin.orgId}`,
          `    bearer          ${config.admin.apiKey}`,
          `  SCIM              ${config.scim.url}/scim/directory/${config.scim.directoryId}`,
          `    bearer          ${config.scim.apiKey}`,
          `  Control API       ${emulator.url}/_emulator/summary`,
          '  (emulator credentials are generated from the seed; they open nothing real)',
          ...(options.writeConfig === undefined
            ? []
            : [`  Connector configuration written to ${options.writeConfig}`]),
          '',
        ].join('\n'),
      );
      await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      await emulator.close();
    });
}
