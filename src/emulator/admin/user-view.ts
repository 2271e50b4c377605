import type { Account, ProductKey } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';

/** The admin API's product key, name and URL for each product a site can carry. */
const PRODUCTS: Record<ProductKey, { key: string; name: string; path: string }> = {
  confluence: { key: 'confluence', name: 'Confluence', path: '/wiki' },
  'jira-software': { key: 'jira-software', name: 'Jira Software', path: '' },
  'jira-servicedesk': { key: 'jira-service-desk', name: 'Jira Service Management', path: '' },
};

/** One entry of a v1 user's `product_access` (spec `Product`). */
interface ProductAccessView {
  key: string;
  name: string;
  url: string;
  last_active?: string;
}

/** The products an account can use now, each once, in a stable order (derived from its groups). */
export function productsOf(state: SiteState, accountId: string): ProductKey[] {
  const keys = Object.keys(PRODUCTS) as ProductKey[];
  return keys.filter((product) => state.hasProduct(accountId, product));
}

/** The admin API key of a product (`jira-servicedesk` is `jira-service-desk` there). */
export function adminProductKey(product: ProductKey): string {
  return PRODUCTS[product].key;
}

/**
 * `product_access` of a v1 user: one entry per product its groups grant, `url` as
 * `<site>.atlassian.net/wiki` for Confluence (no scheme, as the reference's example shows).
 */
function productAccessOf(state: SiteState, account: Account): ProductAccessView[] {
  return productsOf(state, account.accountId).map((product) => {
    const { key, name, path } = PRODUCTS[product];
    return {
      key,
      name,
      url: `${state.site.siteName}.atlassian.net${path}`,
      ...(account.lastActive === null ? {} : { last_active: account.lastActive }),
    };
  });
}

/** A stable avatar URL for an account (Atlassian serves avatars from its own CDN). */
export function pictureOf(account: Account): string {
  return `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${account.accountId}/avatar.png`;
}

/** The fields that open every v1 account shape (spec `User`, `AtlassianAccountUser`): id, type, status, name, avatar. */
export function accountHead(account: Account): Record<string, unknown> {
  return {
    account_id: account.accountId,
    account_type: account.accountType,
    account_status: account.accountStatus,
    name: account.displayName,
    picture: pictureOf(account),
  };
}

/** One user of `GET /admin/v1/orgs/{orgId}/users` (spec `User`), its `links.self` on the user management API. */
export function v1User(state: SiteState, account: Account, origin: string): Record<string, unknown> {
  const productAccess = productAccessOf(state, account);
  return {
    ...accountHead(account),
    ...(account.email === '' ? {} : { email: account.email }),
    access_billable:
      account.accountStatus === 'active' &&
      !state.suspended.has(account.accountId) &&
      productAccess.length > 0,
    ...(account.lastActive === null ? {} : { last_active: account.lastActive }),
    product_access: productAccess,
    links: { self: `${origin}/users/${account.accountId}/manage/profile` },
  };
}
