import type { RiskLevel } from '../../connector/index.ts';
import { requestRisk, type Store } from '../../core/index.ts';
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

/** The approvals waiting for this principal's decision, oldest first. */
export async function inboxFor(store: Store, principal: Principal): Promise<InboxEntry[]> {
  const me = (await identityOf(store, principal))?.id;
  if (me === undefined) return [];
  const waiting = await store.transaction(async (tx) => {
    const open = (await tx.approvals.listUndecided()).filter((a) => a.approverId === me);
    const rows = [];
    for (const approval of open) {
      const request = await tx.requests.get(approval.requestId);
      if (
        request === undefined ||
        request.status !== 'awaiting_approval' ||
        request.currentStage !== approval.stage
      )
        continue;
      const item = await tx.catalog.get(request.itemId);
      const account = await tx.accounts.getByIdentity(request.beneficiaryId);
      rows.push({ approval, request, item, accountKey: account?.key });
    }
    return rows;
  });
  const entries: InboxEntry[] = [];
  for (const { approval, request, item, accountKey } of waiting) {
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
  return entries.sort((a, b) => a.request.createdAt.localeCompare(b.request.createdAt));
}
