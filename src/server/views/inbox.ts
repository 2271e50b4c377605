import type { RiskLevel } from '../../connector/index.ts';
import { type Page, type PageRequest, requestRisk, type Store } from '../../core/index.ts';
import type { Principal } from '../auth/principal.ts';
import { type AccessRow, accountAccess } from './directory.ts';
import { identityOf } from './people.ts';
import { getRequest, type RequestView } from './requests.ts';

/** One pending decision with what the approver needs: who, what, the risk, and what they already hold. */
export interface InboxEntry {
  approvalId: string;
  stageName: string;
  request: RequestView;
  risk: RiskLevel;
  /** The beneficiary's current access in the same space or group. */
  heldHere: AccessRow[];
  /** How many groups and space permissions the beneficiary holds in all. */
  heldTotal: { groups: number; spacePermissions: number };
  hasAccount: boolean;
}

/** One page of the approvals waiting for this principal's decision, oldest request first. */
export async function inboxFor(
  store: Store,
  principal: Principal,
  page: PageRequest,
): Promise<Page<InboxEntry>> {
  const me = (await identityOf(store, principal))?.id;
  if (me === undefined) return { items: [], nextCursor: null };
  const waiting = await store.transaction(async (tx) => {
    const found = await tx.approvals.inbox({ ...page, approverId: me });
    const items = new Map(
      (await tx.catalog.getMany(found.items.map((e) => e.request.itemId))).map((i) => [i.id, i]),
    );
    const rows = [];
    for (const { approval, request } of found.items) {
      const account = await tx.accounts.getByIdentity(request.beneficiaryId);
      rows.push({ approval, request, item: items.get(request.itemId), accountKey: account?.key });
    }
    return { ...found, items: rows };
  });
  const entries: InboxEntry[] = [];
  for (const { approval, request, item, accountKey } of waiting.items) {
    const access = accountKey === undefined ? undefined : await accountAccess(store, accountKey);
    const rows = access?.access ?? [];
    const key = item?.entitlementKey ?? '';
    entries.push({
      approvalId: approval.id,
      stageName: request.stages[approval.stage]?.name ?? `stage ${approval.stage + 1}`,
      request: await getRequest(store, principal, request.id),
      risk: item === undefined ? 'high' : requestRisk(item, request.permissions),
      heldHere: rows.filter((r) =>
        item?.type === 'group' ? r.value === key : r.value.startsWith(`${key}:`),
      ),
      heldTotal: {
        groups: rows.filter((r) => r.kind === 'group').length,
        spacePermissions: rows.filter((r) => r.kind === 'space').length,
      },
      hasAccount: accountKey !== undefined,
    });
  }
  return { ...waiting, items: entries };
}
