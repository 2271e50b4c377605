import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { type ApiCommandOptions, apiOptions, createApiClient } from './api-client.ts';
import { runCommand } from './output.ts';

interface ExportOptions extends ApiCommandOptions {
  type?: string;
  actor?: string;
  subject?: string;
  since?: string;
  until?: string;
  format: 'csv' | 'json';
  output?: string;
}

/** `spacegate audit export`: the audit log, filtered, as CSV or JSON, to stdout or a file. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('Read the audit log (via the REST API)');
  const exportCommand = audit
    .command('export')
    .description('Export audit events as CSV (default) or JSON')
    .option('--type <type>', 'event type, e.g. request.created')
    .option('--actor <actor>', 'who acted')
    .option('--subject <subject>', 'what it was about, e.g. request:req_…')
    .option('--since <iso>', 'from this time (inclusive)')
    .option('--until <iso>', 'up to this time (inclusive)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--output <file>', 'write to this file instead of stdout');
  for (const option of apiOptions()) if (option.long !== '--json') exportCommand.addOption(option);
  exportCommand.action(async (options: ExportOptions) => {
    await runCommand(options.format === 'json', async () => {
      const api = createApiClient(options);
      const query = new URLSearchParams();
      for (const key of ['type', 'actor', 'subject', 'since', 'until'] as const) {
        const value = options[key];
        if (value !== undefined) query.set(key, value);
      }
      let text: string;
      if (options.format === 'csv') {
        text = await api.getText(`/api/v1/audit.csv?${query}`);
      } else {
        query.set('limit', '200');
        const events: unknown[] = [];
        for (;;) {
          const page = await api.get<{ items: unknown[]; nextCursor: string | null }>(
            `/api/v1/audit?${query}`,
          );
          events.push(...page.items);
          if (page.nextCursor === null) break;
          query.set('cursor', page.nextCursor);
        }
        text = `${JSON.stringify(events, null, 2)}\n`;
      }
      if (options.output === undefined) process.stdout.write(text);
      else {
        await writeFile(options.output, text);
        process.stderr.write(`wrote ${options.output}\n`);
      }
    });
  });
  return audit;
}
