import { Command } from 'commander';
import { type ApiCommandOptions, apiOptions, createApiClient } from './api-client.ts';
import { emit, runCommand, table } from './output.ts';

interface Campaign {
  id: string;
  name: string;
  status: string;
  deadline: string;
  undecided: string;
}
interface Item {
  id: string;
  personName: string;
  itemName: string;
  permissions: string[];
  via: string | null;
  risk: string;
  reviewerId: string;
  decision: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function withApi(command: Command): Command {
  for (const option of apiOptions()) command.addOption(option);
  return command;
}

const csvList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const path = (id: string, rest = '') => `/api/v1/reviews/${encodeURIComponent(id)}${rest}`;
const more = (page: Page<unknown>) =>
  page.nextCursor === null
    ? `${page.items.length} shown, the last page`
    : `${page.items.length} shown; next page: --cursor ${page.nextCursor}`;

/** `spacegate reviews …`: access review campaigns through the REST API. */
export function reviewsCommand(): Command {
  const reviews = new Command('reviews').description(
    'Define, launch and close access reviews; list and decide your items; the completion report (via the REST API)',
  );
  withApi(reviews.command('list').description('Campaigns, newest first'))
    .option('--status <status>', 'draft, active or closed')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .action(async (options: ApiCommandOptions & { status?: string; cursor?: string }) => {
      await runCommand(options.json === true, async () => {
        const query = new URLSearchParams({ limit: '50' });
        if (options.status) query.set('status', options.status);
        if (options.cursor) query.set('cursor', options.cursor);
        const page = await createApiClient(options).get<Page<Campaign>>(`/api/v1/reviews?${query}`);
        emit(options.json === true, page, () =>
          [
            table(
              ['ID', 'STATUS', 'NAME', 'DEADLINE', 'UNDECIDED'],
              page.items.map((c) => [c.id, c.status, c.name, c.deadline, c.undecided]),
            ),
            more(page),
          ].join('\n'),
        );
      });
    });
  withApi(reviews.command('create').description('Define a campaign (a draft; launch it after)'))
    .requiredOption('--name <text>', 'the campaign name')
    .requiredOption('--deadline <date>', 'the last day (YYYY-MM-DD)')
    .requiredOption('--fallback <employeeId>', 'who reviews when the rule finds nobody')
    .option('--reviewers <rule>', 'manager, owner, space_admins or named', 'manager')
    .option('--named <ids>', 'employee ids for the named rule, comma-separated')
    .option('--spaces <keys>', 'space keys in scope, comma-separated')
    .option('--groups <ids>', 'group ids in scope, comma-separated')
    .option('--risks <levels>', 'risk levels in scope (low,medium,high)')
    .option('--departments <names>', 'departments in scope, comma-separated')
    .option('--undecided <rule>', 'keep or revoke what is undecided at the deadline', 'keep')
    .action(
      async (
        options: ApiCommandOptions &
          Record<'name' | 'deadline' | 'fallback' | 'reviewers' | 'undecided', string> &
          Partial<Record<'named' | 'spaces' | 'groups' | 'risks' | 'departments', string>>,
      ) => {
        await runCommand(options.json === true, async () => {
          const created = await createApiClient(options).post<Campaign>('/api/v1/reviews', {
            name: options.name,
            deadline: `${options.deadline}T23:59:59.000Z`,
            undecided: options.undecided,
            reviewers: { rule: options.reviewers, named: csvList(options.named), fallback: options.fallback },
            scope: {
              spaces: csvList(options.spaces),
              groups: csvList(options.groups),
              risks: csvList(options.risks),
              departments: csvList(options.departments),
            },
          });
          emit(options.json === true, created, () => `defined ${created.id} (${created.name}), a draft`);
        });
      },
    );
  for (const [verb, done] of [
    ['launch', 'launched'],
    ['close', 'closed'],
  ] as const) {
    withApi(
      reviews
        .command(`${verb} <id>`)
        .description(`${verb === 'launch' ? 'Launch a draft' : 'Close an active campaign now'}`),
    ).action(async (id: string, options: ApiCommandOptions) => {
      await runCommand(options.json === true, async () => {
        const result = await createApiClient(options).post<unknown>(path(id, `/${verb}`), {});
        emit(options.json === true, result, () => `${done} ${id}`);
      });
    });
  }
  withApi(reviews.command('show <id>').description('A campaign with progress per reviewer')).action(
    async (id: string, options: ApiCommandOptions) => {
      await runCommand(options.json === true, async () => {
        const view = await createApiClient(options).get<{
          campaign: Campaign;
          progress: Array<{
            reviewer: { name: string };
            total: number;
            kept: number;
            revoked: number;
            undecided: number;
          }>;
          overall: { total: number; undecided: number };
        }>(path(id));
        emit(options.json === true, view, () =>
          [
            `${view.campaign.name}: ${view.campaign.status}, deadline ${view.campaign.deadline}; ${view.overall.total - view.overall.undecided} of ${view.overall.total} decided`,
            table(
              ['REVIEWER', 'ITEMS', 'KEPT', 'REVOKED', 'UNDECIDED'],
              view.progress.map((p) => [
                p.reviewer.name,
                String(p.total),
                String(p.kept),
                String(p.revoked),
                String(p.undecided),
              ]),
            ),
          ].join('\n'),
        );
      });
    },
  );
  withApi(reviews.command('items <id>').description('Your items to review (administrators: every item)'))
    .option('--decision <d>', 'keep, revoke or undecided')
    .option('--search <text>', 'person or access')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .action(
      async (
        id: string,
        options: ApiCommandOptions & { decision?: string; search?: string; cursor?: string },
      ) => {
        await runCommand(options.json === true, async () => {
          const query = new URLSearchParams({ limit: '100' });
          if (options.decision) query.set('decision', options.decision);
          if (options.search) query.set('q', options.search);
          if (options.cursor) query.set('cursor', options.cursor);
          const page = await createApiClient(options).get<Page<Item>>(path(id, `/items?${query}`));
          emit(options.json === true, page, () =>
            [
              table(
                ['ITEM', 'PERSON', 'ACCESS', 'HELD', 'RISK', 'REVIEWER', 'DECISION'],
                page.items.map((i) => [
                  i.id,
                  i.personName,
                  `${i.itemName}${i.permissions.length === 0 ? '' : ` [${i.permissions.join(',')}]`}`,
                  i.via === null ? 'direct' : `group ${i.via}`,
                  i.risk,
                  i.reviewerId,
                  i.decision ?? 'undecided',
                ]),
              ),
              more(page),
            ].join('\n'),
          );
        });
      },
    );
  for (const decision of ['keep', 'revoke'] as const) {
    withApi(
      reviews
        .command(`${decision} <id> [items...]`)
        .description(`${decision === 'keep' ? 'Keep' : 'Revoke'} your items (or --all matching)`),
    )
      .option('--comment <text>', 'why, kept in the audit log and the report', '')
      .option('--all', 'every undecided item of yours (with --search: those matching)')
      .option('--search <text>', 'with --all: only items whose person or access contains this')
      .action(
        async (
          id: string,
          items: string[],
          options: ApiCommandOptions & { comment: string; all?: boolean; search?: string },
        ) => {
          await runCommand(options.json === true, async () => {
            const body =
              options.all === true
                ? {
                    decision,
                    comment: options.comment,
                    matching: options.search === undefined ? {} : { q: options.search },
                  }
                : { decision, comment: options.comment, itemIds: items };
            const result = await createApiClient(options).post<{ decided: number }>(
              path(id, '/decisions'),
              body,
            );
            emit(
              options.json === true,
              result,
              () => `${decision === 'keep' ? 'kept' : 'revoked'} ${result.decided} item(s)`,
            );
          });
        },
      );
  }
  withApi(
    reviews.command('report <id>').description('The completion report as CSV (administrators, auditors)'),
  ).action(async (id: string, options: ApiCommandOptions) => {
    await runCommand(false, async () => {
      process.stdout.write(await createApiClient(options).getText(path(id, '/report.csv')));
    });
  });
  return reviews;
}
