/**
 * The frame every widget of the activity dashboard sits in, and its states: a widget whose numbers
 * could not be read shows an error in its own panel and the rest of the page stays usable.
 */
import type { formatsFor } from '../format'
import { html, type Interpolation, type SafeHtml } from '../html'

/** One widget's numbers, or why they are missing (the route catches each widget's failure alone). */
export type Widget<T> = { ok: true; value: T } | { ok: false; message: string }

/** How the page writes numbers (views/format.ts): money in the shop's currency and locale, counts, percentages, instants. */
export type Formats = ReturnType<typeof formatsFor>

export function widgetError(what: string): SafeHtml {
  return html`<div class="widget-error" role="alert">The ${what} could not be loaded just now. The rest of the page is up to date; reload to try again.</div>`
}

export function emptyState(text: string): SafeHtml {
  return html`<p class="empty">${text}</p>`
}

/** CSV download links of a panel's charts: `[label, url]`. */
function downloads(links: readonly (readonly [string, string])[]): SafeHtml {
  return html`<p class="downloads">${links.map(([label, url]) => html`<a href="${url}" download>${label}</a> `)}</p>`
}

export function panel(
  id: string,
  title: string,
  body: Interpolation,
  options: { note?: string; csv?: readonly (readonly [string, string])[]; wide?: boolean } = {},
): SafeHtml {
  return html`<section class="panel${options.wide ? ' panel-wide' : ''}" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>${options.note && html`<p class="panel-note">${options.note}</p>`}
${body}${options.csv?.length ? downloads(options.csv) : null}
</section>`
}

/** A KPI card; `name` lets tests and stylesheets find it. */
export function kpi(name: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="kpi" data-kpi="${name}"><span class="kpi-label">${label}</span><strong class="kpi-value">${value}</strong>${hint && html`<span class="kpi-hint">${hint}</span>`}</div>`
}
