import { Command, Option } from 'commander';
import { DRIFT_KINDS } from '../core/index.ts';
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
}

interface ListOptions extends ApiCommandOptions {
  kind?: string;
  run?: string;
  limit: string;
  cursor?: string;
}

/** `spacegate drift list`: what aggregations found differing from what Spacegate granted (administrators, auditors). */
export function driftCommand(): Command {
  const drift = new Command('drift').description('Read the drift report (via the REST API)');
  const list = drift
    .command('list')
    .description(
      'Drift findings, newest first: access given or removed in Confluence directly, held by leavers or orphans',
    )
    .addOption(new Option('--kind <kind>', 'one kind of finding').choices([...DRIFT_KINDS]))
    .option('--run <id>', 'the findings of one aggregation run')
    .option('--limit <n>', 'how many per page (at most 200)', '50')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor');
  for (const option of apiOptions()) list.addOption(option);
  list.action(async (options: ListOptions) => {
    await runCommand(options.json === true, async () => {
      const query = new URLSearchParams({ limit: options.limit });
      if (options.kind !== undefined) query.set('kind', options.kind);
      if (options.run !== undefined) query.set('run', options.run);
      if (options.cursor !== undefined) query.set('cursor', options.cursor);
      const page = await createApiClient(options).get<{ items: DriftRow[]; nextCursor: string | null }>(
        `/api/v1/drift?${query}`,
      );
      emit(options.json === true, page, () => {
        const rows = table(
          ['DETECTED', 'KIND', 'ACCOUNT', 'IDENTITY', 'ACCESS', 'RESOLUTION', 'REQUEST'],
          page.items.map((d) => [
            d.detectedAt,
            d.kind,
            d.accountKey,
            d.identityId,
            d.value,
            d.resolution,
            d.requestId,
          ]),
        );
        return page.nextCursor === null ? rows : `${rows}\nmore: --cursor ${page.nextCursor}`;
      });
    });
  });
  return drift;
}
