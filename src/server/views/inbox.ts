import type { RiskLevel } from '../../connector/index.ts';
import { type InboxQuery, type Page, requestRisk, type Store } from '../../core/index.ts';
import type { Principal } from '../auth/principal.ts';
import { type AccessRow, accessInItems } from './directory.ts';
import { identityOf } from './people.ts';
import { contextOf, type RequestView, viewOf } from './requests.ts';

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
  /** People in the beneficiary's department whose accounts hold this group or space directly (a few names and the count). */
  peers: { department: string; total: number; atLeast: boolean; names: string[] } | null;
}

/** How many peers an inbox row names; the count covers the rest. */
const PEER_NAMES = 3;
/** Peers are counted up to this many ("100 or more"), so a group of 55,000 costs what a small one does. */
const PEER_COUNT_CAP = 100;

/** One page of the approvals waiting for this principal's decision, in the asked order (oldest request first by default), in one transaction. */
export async function inboxFor(
  store: Store,
  principal: Principal,
  page: Omit<InboxQuery, 'approverId'>,
): Promise<Page<InboxEntry>> {
  const me = (await identityOf(store, principal))?.id;
  if (me === undefined) return { items: [], nextCursor: null };
  return store.transaction(async (tx) => {
    const found = await tx.approvals.inbox({ ...page, approverId: me });
    const context = await contextOf(
      tx,
      found.items.map((e) => e.request),
    );
    // Batched: one read of account keys, of held access in each item, of names and of totals for
    // the whole page; only the peers are one query per row.
    const accountOf = await tx.accounts.keysOfIdentities(found.items.map((e) => e.request.beneficiaryId));
    const asked = found.items.flatMap(({ request }) => {
      const item = context.items.get(request.itemId);
      const accountKey = accountOf.get(request.beneficiaryId);
      return item === undefined || accountKey === undefined
        ? []
        : [{ requestId: request.id, accountKey, item: { type: item.type, key: item.entitlementKey } }];
    });
    const heldRows = await accessInItems(tx, asked);
    const heldBy = new Map(asked.map((a, i) => [a.requestId, heldRows[i] ?? []]));
    const totals = await tx.assignments.accessTotals(asked.map((a) => a.accountKey));
    const entries: InboxEntry[] = [];
    for (const { approval, request } of found.items) {
      const item = context.items.get(request.itemId);
      const accountKey = accountOf.get(request.beneficiaryId);
      const department = context.person(request.beneficiaryId).department;
      const peers =
        item === undefined || department === null || department === undefined
          ? null
          : await tx.assignments.peers({
              ...(item.type === 'group'
                ? { kind: 'group' as const, groupId: item.entitlementKey }
                : { kind: 'space' as const, spaceKey: item.entitlementKey }),
              department,
              excludeIdentityId: request.beneficiaryId,
              names: PEER_NAMES,
              cap: PEER_COUNT_CAP,
            });
      entries.push({
        approvalId: approval.id,
        stageName: request.stages[approval.stage]?.name ?? `stage ${approval.stage + 1}`,
        request: viewOf(request, item, context.approvalsOf(request.id), context.person),
        risk: item === undefined ? 'high' : requestRisk(item, request.permissions),
        heldHere: heldBy.get(request.id) ?? [],
        heldTotal: (accountKey === undefined ? undefined : totals.get(accountKey)) ?? {
          groups: 0,
          spacePermissions: 0,
        },
        hasAccount: accountKey !== undefined,
        peers:
          peers === null || department === null || department === undefined ? null : { department, ...peers },
      });
    }
    return { ...found, items: entries };
  });
}
