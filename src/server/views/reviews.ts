import type {
  Governance,
  ReportRow,
  ReviewAsker,
  ReviewCampaign,
  ReviewerProgress,
  ReviewItem,
  Store,
} from '../../core/index.ts';
import { hasRole, type Principal } from '../auth/principal.ts';
import { csvCell } from './audit.ts';
import { identityOf, type PersonRef, personIndex } from './people.ts';

/** Who asks, as the review service needs it: roles and the identity the principal acts as. */
export async function reviewAskerOf(store: Store, principal: Principal): Promise<ReviewAsker> {
  const identity = await identityOf(store, principal);
  return {
    actor: identity?.id ?? principal.name,
    administrator: hasRole(principal, 'administrator'),
    auditor: hasRole(principal, 'auditor'),
    identityId: identity?.id,
  };
}

/** A campaign with each reviewer's progress and the overall figures. */
export interface CampaignView {
  campaign: ReviewCampaign;
  progress: Array<ReviewerProgress & { reviewer: PersonRef }>;
  overall: Omit<ReviewerProgress, 'reviewerId'>;
}

/** Names the people of a list of ids (reviewers), in one read. */
export async function peopleNamed(store: Store, ids: ReadonlyArray<string>) {
  const found = await store.transaction((tx) => tx.identities.getMany([...new Set(ids)]));
  return personIndex(found);
}

/** The campaign as the asker may see it, with progress. */
export async function campaignView(
  store: Store,
  governance: Governance,
  asker: ReviewAsker,
  campaignId: string,
): Promise<CampaignView> {
  const campaign = await governance.reviews.get(asker, campaignId);
  const progress = await governance.reviews.progress(asker, campaignId);
  const person = await peopleNamed(
    store,
    progress.map((p) => p.reviewerId),
  );
  const sum = (pick: (p: ReviewerProgress) => number) => progress.reduce((n, p) => n + pick(p), 0);
  return {
    campaign,
    progress: progress.map((p) => ({ ...p, reviewer: person(p.reviewerId) })),
    overall: {
      total: sum((p) => p.total),
      kept: sum((p) => p.kept),
      revoked: sum((p) => p.revoked),
      undecided: sum((p) => p.undecided),
    },
  };
}

const EXPORT_PAGE = 200;

/** Every row of a campaign's completion report, read page by page. */
export async function allReportRows(
  governance: Governance,
  asker: ReviewAsker,
  campaignId: string,
): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await governance.reviews.report(asker, { campaignId, limit: EXPORT_PAGE, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return rows;
}

/** How an item is held, in words. */
export function heldHow(item: ReviewItem): string {
  return item.via === null ? 'directly' : `through group ${item.via}`;
}

/** The completion report as CSV (RFC 4180): every item, decision, reviewer, time and the fulfillment that followed. */
export function reportCsv(rows: ReadonlyArray<ReportRow>, reviewerName: (id: string) => string): string {
  const header =
    'item,person,identity,account,access,permissions,held,granted_at,grant_request,risk,last_activity,reviewer,decision,comment,decided_by,decided_at,revocation_request,revocation_status,revocation_updated_at';
  const lines = [header];
  for (const { item, revocation } of rows) {
    lines.push(
      [
        item.id,
        item.personName,
        item.identityId,
        item.accountKey,
        item.itemName,
        item.permissions.join(' '),
        heldHow(item),
        item.grantedAt ?? '',
        item.grantRequestId ?? '',
        item.risk,
        item.lastActivity ?? '',
        reviewerName(item.reviewerId),
        item.decision ?? 'undecided',
        item.comment,
        item.decidedBy ?? '',
        item.decidedAt ?? '',
        revocation?.id ?? '',
        revocation?.status ?? '',
        revocation?.updatedAt ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
