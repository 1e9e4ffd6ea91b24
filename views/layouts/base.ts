/**
 * The document every page is wrapped in: head with our own styles, the top bar with the sections
 * and who is signed in, a logout form carrying the CSRF token, and our scripts at the end of the
 * body (hashed URLs from the assets table the route passes in). `<meta name="csrf-token">` is what
 * csrf.js puts on htmx requests; htmx's own indicator styles are off (CSP: no inline styles;
 * app.css has them).
 */
import { html, type SafeHtml } from '../html'

export type Section = 'campaigns' | 'jobs' | 'assistant'

/** What the route knows about the request that every page needs. */
export interface Shell {
  account: { email: string; role: 'admin' | 'analyst' }
  csrfToken: string
  /** asset name → its hashed URL (analytics/modules/static) */
  assets: Readonly<Record<string, string>>
}

export interface PageOptions {
  title: string
  section?: Section
  /** assets this page needs besides htmx, csrf.js and app.css: 'hx-sse.js', 'chart.js', 'charts.js'; htmx extensions (hx-*) load right after htmx, the rest in this order */
  scripts?: readonly string[]
  /** style sheets this page needs besides app.css: 'charts.css' */
  styles?: readonly string[]
}

const sections: Array<{ id: Section; label: string; href: string }> = [
  { id: 'campaigns', label: 'Campaigns', href: '/admin/campaigns' },
  { id: 'jobs', label: 'Jobs', href: '/admin/jobs' },
  { id: 'assistant', label: 'Assistant', href: '/admin/assistant' },
]

function url(assets: Shell['assets'], name: string): string {
  const found = assets[name]
  if (!found) throw new Error(`page asks for unknown asset "${name}"`)
  return found
}

function head(assets: Shell['assets'], title: string, csrfToken?: string, styles: readonly string[] = []): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Axon</title>
<link rel="icon" href="data:,">
<meta name="htmx-config" content='{"includeIndicatorCSS":false}'>
${csrfToken && html`<meta name="csrf-token" content="${csrfToken}">`}
${['app.css', ...styles].map((name) => html`<link rel="stylesheet" href="${url(assets, name)}">\n`)}</head>`
}

/**
 * The page's scripts, last in the body and without `defer`: each runs while the document is still
 * loading, in this order, so htmx (which then waits for DOMContentLoaded to process the page) has
 * every extension registered before it looks at `hx-sse:connect`. With `defer` htmx saw the
 * document already parsed, started on the next task, and could run before hx-sse.js had
 * registered: the live stream then never opened.
 */
function scripts(assets: Shell['assets'], pageScripts: readonly string[]): SafeHtml {
  const extensions = pageScripts.filter((name) => name.startsWith('hx-'))
  const others = pageScripts.filter((name) => !name.startsWith('hx-'))
  return html`${['htmx.js', ...extensions, 'csrf.js', ...others].map((name) => html`<script src="${url(assets, name)}"></script>\n`)}`
}

function topBar(shell: Shell, current: Section | undefined): SafeHtml {
  return html`<header class="top-bar">
  <a class="brand" href="/admin/campaigns">Axon</a>
  <nav aria-label="Sections">
    ${sections.map((s) => html`<a href="${s.href}"${s.id === current ? html` aria-current="page"` : ''}>${s.label}</a>`)}
  </nav>
  <div class="who">
    <span class="who-email">${shell.account.email}</span>
    <span class="badge role-${shell.account.role}">${shell.account.role}</span>
    <form method="post" action="/logout" class="logout">
      <input type="hidden" name="_csrf" value="${shell.csrfToken}">
      <button type="submit" class="link-button">Log out</button>
    </form>
  </div>
</header>`
}

/** A whole document for a signed-in marketer. */
export function layout(shell: Shell, page: PageOptions, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${head(shell.assets, page.title, shell.csrfToken, page.styles)}
<body>
${topBar(shell, page.section)}
<main>
${content}
</main>
${scripts(shell.assets, page.scripts ?? [])}</body>
</html>`
}

/** A whole document for someone not signed in (the login page): no sections, no scripts beyond htmx. */
export function publicLayout(assets: Shell['assets'], title: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${head(assets, title)}
<body class="public">
<main>
${content}
</main>
${scripts(assets, [])}</body>
</html>`
}
