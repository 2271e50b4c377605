import type { ActiveProgress, Store } from '../../core/index.ts';
import { when } from './components.ts';
import { html, type SafeHtml, typed } from './html.ts';

const DAY = 86_400_000;
/** How many campaigns the panel lists, and how many reviewers behind each. */
const CAMPAIGNS = 5;
const BEHIND = 3;

/** The active campaigns' progress with the names of the reviewers furthest behind (one grouped query, then their names). */
export async function campaignProgress(
  store: Store,
): Promise<{ progress: ActiveProgress; names: Map<string, string> }> {
  return store.transaction(async (tx) => {
    const progress = await tx.reviews.activeProgress({ campaigns: CAMPAIGNS, reviewers: BEHIND });
    const ids = [...new Set(progress.campaigns.flatMap((c) => c.behind.map((b) => b.reviewerId)))];
    const people = ids.length === 0 ? [] : await tx.identities.getMany(ids);
    return { progress, names: new Map(people.map((p) => [p.id, `${p.firstName} ${p.lastName}`.trim()])) };
  });
}

/** "in 3 days" (part of a day counts as one), "within a day", "passed 2 days ago" for a deadline. */
function untilDeadline(deadline: string, now: Date): string {
  const ms = Date.parse(deadline) - now.getTime();
  if (ms < 0) {
    const ago = Math.floor(-ms / DAY);
    return ago === 0 ? 'passed today' : `passed ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  const days = Math.ceil(ms / DAY);
  return days <= 1 ? 'within a day' : `in ${days} days`;
}

/** The administrator's panel of running access reviews, or nothing when no campaign is active. */
export function campaignPanel(
  found: { progress: ActiveProgress; names: Map<string, string> },
  now: Date,
): SafeHtml {
  const { progress, names } = found;
  if (progress.activeTotal === 0) return html``;
  const more = progress.activeTotal - progress.campaigns.length;
  return html`<section aria-labelledby="h-reviews" class="panel"><h2 id="h-reviews">Access reviews running: ${progress.activeTotal}</h2>
<ul class="campaigns">${progress.campaigns.map((c) => {
    const percent = c.total === 0 ? 100 : Math.floor((c.decided / c.total) * 100);
    return html`<li><a href="/reviews/${encodeURIComponent(c.campaign.id)}">${typed(c.campaign.name)}</a>: ${c.decided} of ${c.total} decided (${percent}%)
<progress value="${c.decided}" max="${Math.max(c.total, 1)}" aria-label="${c.campaign.name}: ${percent}% decided">${percent}%</progress><br>
<span class="muted">deadline ${when(c.campaign.deadline)}, ${untilDeadline(c.campaign.deadline, now)}; ${c.reviewers} reviewer${c.reviewers === 1 ? '' : 's'}</span>
${
  c.behind.length === 0
    ? html`<br>Every reviewer is done.`
    : html`<br>Furthest behind: ${c.behind.map((b, i) => html`${i === 0 ? '' : ', '}${typed(names.get(b.reviewerId) ?? b.reviewerId)} (${b.undecided} of ${b.total} left)`)}`
}</li>`;
  })}</ul>
<p><a href="/reviews">All campaigns</a>${more > 0 ? ` (${more} more running)` : ''}</p></section>`;
}
