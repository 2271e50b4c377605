import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DC_VERSIONS,
  type FaultRule,
  parseFaultSpec,
  type RunningDcEmulator,
  type RunningEmulator,
  SIZE_PROFILES,
  startEmulator,
} from '../emulator/index.ts';

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

/** Adds one `--revoke` to those given so far (checked against the flavour once all options are read). */
function collectRevoked(credential: string, previous: string[]): string[] {
  return [...previous, credential];
}

const REVOCABLE = { cloud: ['site', 'admin', 'scim'], datacenter: ['basic', 'pat'] } as const;

/** `spacegate emulator`: serves an emulated Atlassian Cloud organization or Confluence Data Center until stopped. */
export function emulatorCommand(): Command {
  return new Command('emulator')
    .description(
      'Run the Atlassian emulator: Cloud (SCIM, admin API, Confluence REST) or Confluence Data Center',
    )
    .addOption(
      new Option('--flavor <flavor>', 'which Atlassian to emulate')
        .choices(['cloud', 'datacenter'])
        .default('cloud'),
    )
    .addOption(
      new Option('--dc-version <version>', 'Data Center release to answer as')
        .choices(DC_VERSIONS)
        .default('9.2'),
    )
    .addOption(
      new Option('--dc-auth <type>', 'credentials --write-config writes for Data Center')
        .choices(['basic', 'pat'])
        .default('basic'),
    )
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
      'revoke a credential from the start (repeatable): site, admin or scim on Cloud; basic or pat on Data Center',
      collectRevoked,
      [],
    )
    .option('--write-config <file>', 'write the connector configuration (JSON) for this emulator to a file')
    .action(async (options, command: Command) => {
      const flavor = options.flavor as 'cloud' | 'datacenter';
      const bad = (options.revoke as string[]).find(
        (r) => !(REVOCABLE[flavor] as readonly string[]).includes(r),
      );
      if (bad !== undefined) {
        const names = REVOCABLE[flavor];
        const expected = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
        command.error(`--revoke ${bad}: expected ${expected} for --flavor ${flavor}`, { exitCode: 2 });
      }
      const shared = {
        host: options.host,
        port: options.port,
        size: options.size,
        seed: options.seed,
        latencyMs: options.latencyMs,
        rateLimit: options.rateLimit,
        faults: options.fault,
      };
      const running =
        flavor === 'datacenter'
          ? await startEmulator({ ...shared, flavor, dcVersion: options.dcVersion, revoked: options.revoke })
          : await startEmulator({ ...shared, revoked: options.revoke });
      const { config, lines } =
        'baseUrl' in running ? dcBanner(running, options.dcAuth) : cloudBanner(running);
      if (options.writeConfig !== undefined) {
        await writeFile(options.writeConfig, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
      }
      process.stdout.write(
        [
          `Atlassian emulator (${flavor}, ${options.size}, seed ${options.seed}) listening on ${running.url}`,
          ...lines,
          `  Control API       ${running.url}/_emulator/summary`,
          '  (emulator credentials are generated from the seed; they open nothing real)',
          ...(options.writeConfig === undefined
            ? []
            : [`  Connector configuration written to ${options.writeConfig}`]),
          '',
        ].join('\n'),
      );
      await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      await running.close();
    });
}

function cloudBanner(emulator: RunningEmulator): { config: unknown; lines: string[] } {
  const config = emulator.connectorConfig();
  return {
    config,
    lines: [
      `  Confluence site   ${config.site.url}/wiki`,
      `    basic auth      ${config.site.email} : ${config.site.apiToken}`,
      `  Admin API         ${config.admin.url}/admin/v1/orgs/${config.admin.orgId}`,
      `    bearer          ${config.admin.apiKey}`,
      `  SCIM              ${config.scim.url}/scim/directory/${config.scim.directoryId}`,
      `    bearer          ${config.scim.apiKey}`,
    ],
  };
}

function dcBanner(emulator: RunningDcEmulator, auth: 'basic' | 'pat'): { config: unknown; lines: string[] } {
  const { credentials, instance } = emulator.state;
  return {
    config: emulator.connectorConfig(auth),
    lines: [
      `  Confluence ${instance.fullVersion}  ${emulator.baseUrl}/rest/api`,
      `    basic auth      ${credentials.adminUsername} : ${credentials.adminPassword}`,
      `    bearer (PAT)    ${credentials.adminToken}`,
      `  JSON-RPC          ${emulator.baseUrl}/rpc/json-rpc/confluenceservice-v2`,
    ],
  };
}
