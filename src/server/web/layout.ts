import type { Principal } from '../auth/principal.ts';
import type { Role } from '../config/schema.ts';
import { html, raw, type SafeHtml } from './html.ts';

/** What every page knows about its viewer. */
export interface PageContext {
  principal: Principal | undefined;
  csrf: string;
  path: string;
  /** A one-line banner (demo mode, or a result of the last action). */
  notice?: string | undefined;
  demo: boolean;
}

const NAV: ReadonlyArray<{ href: string; label: string; roles: ReadonlyArray<Role> | 'all' }> = [
  { href: '/catalog', label: 'Catalog', roles: ['requester', 'administrator'] },
  { href: '/access', label: 'My access', roles: ['requester', 'administrator'] },
  { href: '/requests', label: 'My requests', roles: 'all' },
  { href: '/approvals', label: 'Approvals', roles: ['approver', 'catalog_owner', 'administrator'] },
  { href: '/admin/identities', label: 'People', roles: ['administrator', 'auditor'] },
  { href: '/reviews', label: 'Reviews', roles: 'all' },
  { href: '/admin/accounts', label: 'Accounts', roles: ['administrator', 'auditor'] },
  { href: '/admin/entitlements', label: 'Entitlements', roles: ['administrator', 'auditor'] },
  { href: '/admin/orphans', label: 'Orphans', roles: ['administrator', 'auditor'] },
  { href: '/admin/failures', label: 'Failures', roles: ['administrator'] },
  { href: '/admin/aggregation', label: 'Aggregation', roles: ['administrator', 'auditor'] },
  { href: '/admin/drift', label: 'Drift', roles: ['administrator', 'auditor'] },
  { href: '/admin/audit', label: 'Audit log', roles: ['administrator', 'auditor'] },
  { href: '/admin/policy', label: 'Policy', roles: ['administrator', 'auditor', 'catalog_owner'] },
  { href: '/admin/outbox', label: 'Outbox', roles: ['administrator'] },
  { href: '/api/docs', label: 'API', roles: 'all' },
];

const STYLE = raw(`
:root{font-family:system-ui,sans-serif;color:#1b1f24;background:#fff;line-height:1.45}
body{margin:0}a{color:#0b57d0}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header{background:#0f2747;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff}header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.9rem;margin:0;padding:0}
header nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header .who{margin-left:auto;display:flex;gap:.6rem;align-items:center}
main{padding:1rem 1.5rem;max-width:78rem}
:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}caption{text-align:left;font-weight:600;padding:.3rem 0}
.notice{background:#e8f1fe;border-left:4px solid #0b57d0;padding:.5rem .8rem;margin:.5rem 0}
.error{background:#fdecea;border-left:4px solid #c5221f;padding:.5rem .8rem}
.risk-high{color:#b3261e;font-weight:700}.risk-medium{color:#8a5a00;font-weight:600}.risk-low{color:#1e6b2f}
form.inline{display:inline}label{font-weight:600}fieldset{border:1px solid #d0d7de;margin:.6rem 0}
input,select,textarea,button{font:inherit;padding:.3rem .45rem}button{cursor:pointer}
.pager{display:flex;gap:1rem;align-items:center;margin:.5rem 0}.muted{color:#57606a}
.bidi{background:#fff3cd;color:#8a5a00;font-size:.8em;border-radius:3px;padding:0 .15em}
.table-wrap{overflow-x:auto;max-width:100%}
.panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}.panel{border:1px solid #d0d7de;border-radius:6px;padding:0 1rem}
.panel h2{font-size:1.1rem}.small{font-size:.8em}td.why{min-width:14rem;max-width:26rem;overflow-wrap:break-word}
textarea,select,input:not([type=checkbox]):not([type=radio]){max-width:100%;box-sizing:border-box}fieldset{min-width:0}.bidi{white-space:nowrap}
dl.attributes{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dl.attributes dt{font-weight:600}dl.attributes dd{margin:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;max-width:36rem}
form.cards-order{display:none}
@media (max-width:720px){main{padding:.75rem}
table.cards thead{position:absolute;left:-9999px}table.cards tr{display:block;border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:.3rem}
table.cards td{display:block;border:0;padding:.2rem .4rem;max-width:none;min-width:0}table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
form.cards-order{display:flex}}
.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end;margin:.5rem 0}.filters div{display:flex;flex-direction:column}
`);

/** The favicon, inline (a gate on the navy of the header), so it costs no request and no route. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f2747"/><path d="M8 26V12a8 8 0 0 1 16 0v14" fill="none" stroke="#f4b400" stroke-width="4"/></svg>',
)}`;

/** Wraps a page body in the document: landmarks, skip link, role-aware navigation, sign-out form. */
export function layout(context: PageContext, title: string, body: SafeHtml): string {
  const { principal } = context;
  const links = NAV.filter(
    (entry) =>
      principal !== undefined &&
      (entry.roles === 'all' || entry.roles.some((role) => principal.roles.has(role))),
  );
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Spacegate</title><link rel="icon" href="${FAVICON}"><style>${STYLE}</style></head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <strong>Spacegate</strong>
  ${
    links.length === 0
      ? ''
      : html`<nav aria-label="Main"><ul>${links.map(
          (link) =>
            html`<li><a href="${link.href}"${context.path.startsWith(link.href) ? raw(' aria-current="page"') : ''}>${link.label}</a></li>`,
        )}</ul></nav>`
  }
  ${
    principal === undefined
      ? ''
      : html`<div class="who"><span>Signed in as <strong>${principal.displayName}</strong> (${[...principal.roles].join(', ')})</span>
  <form class="inline" method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${context.csrf}"><button type="submit">Sign out</button></form></div>`
  }
</header>
<main id="main" tabindex="-1">
${context.demo ? html`<p class="notice" role="note">Demo mode: an emulated Atlassian site with sample data. Nothing real is changed.</p>` : ''}
${context.notice === undefined ? '' : html`<p class="notice" role="status">${context.notice}</p>`}
<h1>${title}</h1>
${body}
</main>
</body></html>`.text;
}

/** The page shown for an error, with the message and a way back. */
export function errorPage(context: PageContext, status: number, message: string): string {
  return layout(
    context,
    status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong',
    html`<p class="error" role="alert">${message}</p><p><a href="/">Back to the start page</a></p>`,
  );
}
