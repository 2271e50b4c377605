import { ConnectorError } from '../../connector/index.ts';
import { pagesAdmin } from '../http/paging.ts';
import type { CloudContext } from './context.ts';
import { ADMIN_DIRECTORIES, ADMIN_GROUPS, ADMIN_WORKSPACES } from './endpoints.ts';

interface Workspace {
  id: string;
  attributes?: { type?: string; hostUrl?: string | null };
}

/** Answers meaning "this organization has no such API or resource", after which guest groups are simply unknown. */
const ABSENT = new Set(['not_found', 'invalid_input', 'forbidden']);

/**
 * The groups that give the guest role on this Confluence site, through the admin API v2: the
 * site's workspace (`POST …/workspaces`, type `confluence`, matched on `hostUrl`), then each
 * directory's groups with `resourceIds=<workspace>&roleIds=atlassian/guest`. An organization without
 * these APIs yields none (guests are then found through the CQL user search only).
 */
export async function guestRoleGroups(ctx: CloudContext): Promise<Array<{ id: string; name: string }>> {
  try {
    const workspace = await confluenceWorkspace(ctx);
    if (workspace === undefined) return [];
    const groups = new Map<string, { id: string; name: string }>();
    for await (const page of pagesAdmin<{ directoryId?: string }>(ctx.transport, ADMIN_DIRECTORIES, {})) {
      for (const directory of page) {
        if (directory.directoryId === undefined) continue;
        for await (const groupPage of pagesAdmin<{ id?: string; name?: string }>(
          ctx.transport,
          ADMIN_GROUPS,
          {
            params: { adminDirectoryId: directory.directoryId },
            query: { resourceIds: workspace, roleIds: 'atlassian/guest' },
          },
        )) {
          for (const group of groupPage) {
            if (group.id !== undefined) groups.set(group.id, { id: group.id, name: group.name ?? group.id });
          }
        }
      }
    }
    return [...groups.values()];
  } catch (error) {
    if (error instanceof ConnectorError && ABSENT.has(error.code)) return [];
    throw error;
  }
}

async function confluenceWorkspace(ctx: CloudContext): Promise<string | undefined> {
  const { body } = await ctx.transport.call<{ data?: Workspace[] }>(ADMIN_WORKSPACES, {
    body: { limit: 100, query: { and: [{ field: { name: 'attributes.type', values: ['confluence'] } }] } },
    idempotent: true,
  });
  const sites = (body?.data ?? []).filter(
    (workspace) => (workspace.attributes?.type ?? 'confluence') === 'confluence',
  );
  const host = new URL(ctx.config.site.url).host;
  const match = sites.find((workspace) => (workspace.attributes?.hostUrl ?? '').includes(host));
  return (match ?? (sites.length === 1 ? sites[0] : undefined))?.id;
}
