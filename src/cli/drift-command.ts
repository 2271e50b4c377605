import { Command, Option } from 'commander';
import { DRIFT_KINDS, DRIFT_STATES } from '../core/index.ts';
import { type ApiCommandOptions, apiOptions, createApiClient } from './api-client.ts';
import { emit, runCommand, table } from './output.ts';

interface DriftRow {
  id: string;
  kind: string;
  accountKey: string;
  identityId: string | null;
  value: string;
  detectedAt: string;
  resolution: string;
  requestId: string | null;
  state: string;
  closedBy: string | null;
  note: string | null;
}

interface ListOptions extends ApiCommandOptions {
  kind?: string;
  run?: string;
  state: string;
  limit: string;
  cursor?: string;
}

function withApi(command: Command): Command {
  for (const option of apiOptions()) command.addOption(option);
  return command;
}

function closedText(d: DriftRow): string {
  const request = d.requestId === null ? '' : ` removal ${d.requestId}`;
  return `${d.state}${d.closedBy === null ? '' : ` by ${d.closedBy}`}${request}: ${d.kind} ${d.accountKey} ${d.value}`;
}

function listCommand(drift: Command): void {
  withApi(
    drift
      .command('list')
      .description(
        'Drift findings, newest first: access given or removed in Confluence directly, held by leavers or orphans',
      )
      .addOption(new Option('--kind <kind>', 'one kind of finding').choices([...DRIFT_KINDS]))
      .addOption(
        new Option('--state <state>', 'findings in one state, or all')
          .choices([...DRIFT_STATES, 'all'])
          .default('open'),
      )
      .option('--run <id>', 'the findings of one aggregation run')
      .option('--limit <n>', 'how many per page (at most 200)', '50')
      .option('--cursor <cursor>', 'the page after the one that printed this cursor'),
  ).action(async (options: ListOptions) => {
    await runCommand(options.json === true, async () => {
      const query = new URLSearchParams({ limit: options.limit, state: options.state });
      if (options.kind !== undefined) query.set('kind', options.kind);
      if (options.run !== undefined) query.set('run', options.run);
      if (options.cursor !== undefined) query.set('cursor', options.cursor);
      const page = await createApiClient(options).get<{ items: DriftRow[]; nextCursor: string | null }>(
        `/api/v1/drift?${query}`,
      );
      emit(options.json === true, page, () => {
        const rows = table(
          ['ID', 'DETECTED', 'KIND', 'ACCOUNT', 'IDENTITY', 'ACCESS', 'STATE', 'REQUEST'],
          page.items.map((d) => [
            d.id,
            d.detectedAt,
            d.kind,
            d.accountKey,
            d.identityId,
            d.value,
            d.state,
            d.requestId,
          ]),
        );
        return page.nextCursor === null ? rows : `${rows}\nmore: --cursor ${page.nextCursor}`;
      });
    });
  });
}

/** `spacegate drift list|accept|revert`: the drift report, and an administrator's answer to a finding (via the REST API). */
export function driftCommand(): Command {
  const drift = new Command('drift').description(
    'Read the drift report and act on findings (via the REST API)',
  );
  listCommand(drift);
  withApi(
    drift
      .command('accept <id>')
      .description('Accept an open finding as known, sanctioned access (administrators)')
      .requiredOption(
        '--note <text>',
        'why this access is accepted, kept with the finding and in the audit log',
      ),
  ).action(async (id: string, options: ApiCommandOptions & { note: string }) => {
    await runCommand(options.json === true, async () => {
      const done = await createApiClient(options).post<DriftRow>(
        `/api/v1/drift/${encodeURIComponent(id)}/accept`,
        { note: options.note },
      );
      emit(options.json === true, done, () => closedText(done));
    });
  });
  withApi(
    drift
      .command('revert <id>')
      .description('Revert an open finding now: a revocation with drift as its reason (administrators)')
      .option('--note <text>', 'why, kept with the finding and in the audit log'),
  ).action(async (id: string, options: ApiCommandOptions & { note?: string }) => {
    await runCommand(options.json === true, async () => {
      const done = await createApiClient(options).post<DriftRow>(
        `/api/v1/drift/${encodeURIComponent(id)}/revert`,
        options.note === undefined ? {} : { note: options.note },
      );
      emit(options.json === true, done, () => closedText(done));
    });
  });
  return drift;
}
