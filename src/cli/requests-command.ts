import { Command, InvalidArgumentError } from 'commander';
import { parseCatalogItemId } from '../core/index.ts';
import { type ApiCommandOptions, apiOptions, createApiClient } from './api-client.ts';
import { emit, runCommand, table } from './output.ts';

interface RequestView {
  id: string;
  kind: string;
  status: string;
  item: { id: string; name: string };
  permissions: Array<{ id: string }>;
  beneficiary: { name: string; email: string | null };
  createdAt: string;
}

/** `--item`: refused before any call when it is not `space:KEY` or `group:<id>`, in the parser's words. */
function catalogItemArg(text: string): string {
  try {
    parseCatalogItemId(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return text;
}

function withApi(command: Command): Command {
  for (const option of apiOptions()) command.addOption(option);
  return command;
}

function describe(r: RequestView): string {
  const permissions = r.permissions.length === 0 ? '' : ` [${r.permissions.map((p) => p.id).join(',')}]`;
  return `${r.id}  ${r.status}  ${r.item.name}${permissions} for ${r.beneficiary.email ?? r.beneficiary.name}`;
}

/** `spacegate requests list|create|approve|reject`: access requests through the REST API. */
export function requestsCommand(): Command {
  const requests = new Command('requests').description(
    'List, create, approve and reject access requests (via the REST API)',
  );
  withApi(requests.command('list').description('List the requests your token may see'))
    .option('--status <status>', 'only this status (awaiting_approval, pending, fulfilled, rejected, …)')
    .option('--mine', 'only requests by or for the identity the token acts as')
    .option('--search <text>', 'search by id, item or person')
    .option('--item <id>', 'only this catalog item (space:KEY or group:<id>)', catalogItemArg)
    .option('--limit <n>', 'how many per page (at most 200)', '50')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .action(
      async (
        options: ApiCommandOptions & {
          status?: string;
          mine?: boolean;
          search?: string;
          item?: string;
          limit: string;
          cursor?: string;
        },
      ) => {
        await runCommand(options.json === true, async () => {
          const api = createApiClient(options);
          const query = new URLSearchParams({
            scope: options.mine ? 'mine' : 'visible',
            limit: options.limit,
          });
          if (options.status) query.set('status', options.status);
          if (options.search) query.set('q', options.search);
          if (options.item) query.set('item', options.item);
          if (options.cursor) query.set('cursor', options.cursor);
          const page = await api.get<{ items: RequestView[]; nextCursor: string | null }>(
            `/api/v1/requests?${query}`,
          );
          emit(options.json === true, page, () =>
            [
              table(
                ['ID', 'STATUS', 'ITEM', 'PERMISSIONS', 'FOR', 'CREATED'],
                page.items.map((r) => [
                  r.id,
                  r.status,
                  r.item.name,
                  r.permissions.map((p) => p.id).join(','),
                  r.beneficiary.email,
                  r.createdAt,
                ]),
              ),
              page.nextCursor === null
                ? `${page.items.length} shown, the last page`
                : `${page.items.length} shown; next page: --cursor ${page.nextCursor}`,
            ].join('\n'),
          );
        });
      },
    );
  withApi(
    requests
      .command('create')
      .description('Request a group or space permissions, or with --revoke their removal'),
  )
    .requiredOption('--item <id>', 'catalog item: space:KEY or group:<id>', catalogItemArg)
    .option('--revoke', 'remove held access instead (revoking view removes every option in the space)')
    .option('--permission <option...>', 'space permission options (view, add_page, …)', [])
    .requiredOption('--justification <text>', 'why the access is needed')
    .option('--end-date <date>', 'remove the access after this day (YYYY-MM-DD)')
    .option('--for <email>', 'request for someone else (administrators; managers for their direct reports)')
    .action(
      async (
        options: ApiCommandOptions & {
          item: string;
          permission: string[];
          justification: string;
          endDate?: string;
          for?: string;
          revoke?: boolean;
        },
      ) => {
        await runCommand(options.json === true, async () => {
          const created = await createApiClient(options).post<RequestView>('/api/v1/requests', {
            kind: options.revoke === true ? 'revoke' : 'grant',
            itemId: options.item,
            permissions: options.permission,
            justification: options.justification,
            endDate: options.endDate === undefined ? null : `${options.endDate}T23:59:59.000Z`,
            ...(options.for === undefined ? {} : { beneficiaryEmail: options.for }),
          });
          emit(options.json === true, created, () => `created ${describe(created)}`);
        });
      },
    );
  withApi(
    requests.command('failures').description('Fulfillments that failed after their retries (administrators)'),
  )
    .option('--limit <n>', 'how many per page (at most 200)', '50')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .action(async (options: ApiCommandOptions & { limit: string; cursor?: string }) => {
      await runCommand(options.json === true, async () => {
        const query = new URLSearchParams({ limit: options.limit });
        if (options.cursor) query.set('cursor', options.cursor);
        const page = await createApiClient(options).get<{
          items: Array<
            RequestView & { failureReason: string | null; attempts: number | null; updatedAt: string }
          >;
          nextCursor: string | null;
        }>(`/api/v1/failures?${query}`);
        emit(options.json === true, page, () =>
          table(
            ['ID', 'KIND', 'ITEM', 'FOR', 'ATTEMPTS', 'WHEN', 'WHY'],
            page.items.map((r) => [
              r.id,
              r.kind,
              r.item.name,
              r.beneficiary.email,
              String(r.attempts ?? ''),
              r.updatedAt,
              r.failureReason,
            ]),
          ),
        );
      });
    });
  withApi(
    requests.command('retry <id>').description('Queue a failed fulfillment again (administrators)'),
  ).action(async (id: string, options: ApiCommandOptions) => {
    await runCommand(options.json === true, async () => {
      const result = await createApiClient(options).post<RequestView>(
        `/api/v1/requests/${encodeURIComponent(id)}/retry`,
        {},
      );
      emit(options.json === true, result, () => `queued again: ${describe(result)}`);
    });
  });
  withApi(
    requests
      .command('resolve <id>')
      .description('Close a failed fulfillment as done by hand (administrators)'),
  )
    .requiredOption('--note <text>', 'what was done by hand, kept in the audit log')
    .action(async (id: string, options: ApiCommandOptions & { note: string }) => {
      await runCommand(options.json === true, async () => {
        const result = await createApiClient(options).post<RequestView>(
          `/api/v1/requests/${encodeURIComponent(id)}/resolve`,
          { note: options.note },
        );
        emit(options.json === true, result, () => `done by hand: ${describe(result)}`);
      });
    });
  for (const decision of ['approve', 'reject'] as const) {
    withApi(
      requests
        .command(`${decision} <id>`)
        .description(`${decision === 'approve' ? 'Approve' : 'Reject'} a request assigned to you`),
    )
      .option('--comment <text>', 'the reason, kept in the audit log', '')
      .action(async (id: string, options: ApiCommandOptions & { comment: string }) => {
        await runCommand(options.json === true, async () => {
          const result = await createApiClient(options).post<RequestView>(
            `/api/v1/requests/${encodeURIComponent(id)}/decision`,
            {
              decision,
              comment: options.comment,
            },
          );
          emit(
            options.json === true,
            result,
            () => `${decision === 'approve' ? 'approved' : 'rejected'}: ${describe(result)}`,
          );
        });
      });
  }
  return requests;
}
