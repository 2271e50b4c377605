import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import type { AggregationRun } from '../server/index.ts';
import { type ApiCommandOptions, apiOptions, createApiClient } from './api-client.ts';
import { CliError, EXIT, emit, runCommand } from './output.ts';

/** A run as the server's REST API returns it. */
type Run = AggregationRun;

function withApi(command: Command): Command {
  for (const option of apiOptions()) command.addOption(option);
  return command;
}

/** Starts a run, or follows the one already running (on any server process) when the server answers 409. */
async function startOrFollow(api: ReturnType<typeof createApiClient>, full: boolean): Promise<Run> {
  try {
    return await api.post<Run>('/api/v1/aggregations', { full });
  } catch (error) {
    const runId = (error as CliError).details as { runId?: unknown } | undefined;
    if (
      !(error instanceof CliError) ||
      error.code !== 'aggregation.running' ||
      typeof runId?.runId !== 'string'
    )
      throw error;
    process.stderr.write(`an aggregation is already running (${runId.runId}); following it\n`);
    return api.get<Run>(`/api/v1/aggregations/${runId.runId}`);
  }
}

function summaryOf(run: Run) {
  const s = run.summary;
  return {
    id: run.id,
    mode: run.mode,
    accounts: s?.accounts ?? 0,
    correlated: s?.correlated ?? 0,
    orphans: s?.orphans ?? 0,
    entitlements: (s?.groups ?? 0) + (s?.spaces ?? 0),
    groups: s?.groups ?? 0,
    spaces: s?.spaces ?? 0,
    assignments: s?.assignments ?? 0,
    written: s?.written ?? 0,
    apiCalls: run.progress.apiCalls,
    seconds: (run.durationMs ?? 0) / 1000,
  };
}

/** `spacegate aggregate`: starts an aggregation on the server, shows its progress, then a summary. */
export function aggregateCommand(): Command {
  return withApi(new Command('aggregate'))
    .description('Read accounts, groups and spaces from Atlassian now: a progress bar, then a summary')
    .option('--full', 'rewrite everything instead of only what changed since the last run')
    .option('--poll-ms <ms>', 'how often to ask for progress', '500')
    .action(async (options: ApiCommandOptions & { pollMs: string; full?: boolean }) => {
      await runCommand(options.json === true, async () => {
        const api = createApiClient(options);
        let run = await startOrFollow(api, options.full === true);
        const bar =
          options.json === true || !process.stderr.isTTY
            ? undefined
            : new SingleBar({
                format:
                  'aggregating ({phase}) |{bar}| {accounts} accounts, {groups} groups, {spaces} spaces, {apiCalls} API calls',
                stream: process.stderr,
              });
        bar?.start(1, 0, run.progress);
        while (run.status === 'running') {
          await new Promise((resolve) => setTimeout(resolve, Number(options.pollMs)));
          run = await api.get<Run>(`/api/v1/aggregations/${run.id}`);
          const seen = run.progress.accounts + run.progress.groups + run.progress.spaces;
          bar?.setTotal(Math.max(1, seen));
          bar?.update(seen, run.progress);
        }
        bar?.stop();
        if (run.status === 'failed')
          throw new CliError(
            `aggregation ${run.id} failed: ${run.error ?? 'unknown'}`,
            EXIT.unreachable,
            'aggregation.failed',
          );
        const result = summaryOf(run);
        emit(options.json === true, result, () =>
          [
            `aggregation ${result.id} (${result.mode}) completed in ${result.seconds.toFixed(1)} s`,
            `  accounts      ${result.accounts} (${result.correlated} matched to identities, ${result.orphans} orphans)`,
            `  entitlements  ${result.entitlements} (${result.groups} groups, ${result.spaces} spaces), ${result.assignments} assignments`,
            `  written       ${result.written} accounts and entitlements changed or removed`,
            `  API calls     ${result.apiCalls}`,
          ].join('\n'),
        );
      });
    });
}

/** `spacegate identities import <file>`: sends the HR export to the server and prints what changed. */
export function identitiesCommand(): Command {
  const identities = new Command('identities').description('Identities from the HR source');
  withApi(
    identities
      .command('import <file>')
      .description('Import the HR export (CSV with a header row, or a JSON array)'),
  ).action(async (file: string, options: ApiCommandOptions) => {
    await runCommand(options.json === true, async () => {
      try {
        await access(file, constants.R_OK);
      } catch (error) {
        throw new CliError(
          `cannot read ${file}: ${error instanceof Error ? error.message : error}`,
          EXIT.usage,
        );
      }
      const name = basename(file);
      const report = await createApiClient(options).post<Record<string, number | string>>(
        `/api/v1/identities/import?name=${encodeURIComponent(name)}`,
        Readable.toWeb(createReadStream(file)),
        name.toLowerCase().endsWith('.json') ? 'application/octet-stream' : 'text/csv',
      );
      emit(
        options.json === true,
        report,
        () =>
          `imported ${file}: ${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged, ${report.leavers} leavers (${report.revocations} revocations, ${report.deactivations ?? 0} deactivations raised), ${report.rehires ?? 0} rehires (${report.reactivations ?? 0} reactivations raised), ${report.correlated} accounts matched (${report.orphansResolved ?? 0} orphan findings resolved)`,
      );
    });
  });
  return identities;
}
