/**
 * One widget of a dashboard page (activity, campaign, cohort): a titled panel with its CSV
 * downloads, and three states — the data, an empty state when there is nothing to show yet, and
 * an error state that says what went wrong without breaking the rest of the page. KPI cards and
 * figure tables look the same on every page because they come from here.
 */
import type { formatsFor } from '../format'
import { html, type Interpolation, type SafeHtml } from '../html'

/** A widget's data, or why it has none (the route loads each widget on its own). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string }

/** How the page writes numbers (views/format.ts): money in the shop's currency and locale, counts, percentages, instants. */
export type Formats = ReturnType<typeof formatsFor>

/** A CSV download of the widget: `[label, url]`. */
export type Download = readonly [label: string, url: string]

export interface WidgetFrame {
  /** the element id (tests and htmx swaps find the widget by it) */
  id: string
  title: string
  /** a line under the title: what the numbers are */
  note?: string
  /** where its data downloads as CSV: one url ("Download CSV"), or several labelled ones */
  csv?: string | readonly Download[]
  /** spans the whole row of a panel grid */
  wide?: boolean
}

export type WidgetState = 'data' | 'empty' | 'error'

function downloads(csv: WidgetFrame['csv']): readonly Download[] {
  if (csv === undefined) return []
  return typeof csv === 'string' ? [['Download CSV', csv]] : csv
}

export function widgetPanel(frame: WidgetFrame, body: Interpolation, state: WidgetState = 'data'): SafeHtml {
  const links = state === 'data' ? downloads(frame.csv) : []
  return html`<section class="panel widget${frame.wide ? ' panel-wide' : ''}" id="${frame.id}" data-state="${state}" aria-labelledby="${frame.id}-title">
  <header class="widget-head"><h2 id="${frame.id}-title">${frame.title}</h2>${links.length ? html`<span class="downloads">${links.map(([label, url]) => html`<a class="button csv-link" href="${url}" download>${label}</a>`)}</span>` : ''}</header>
  ${frame.note ? html`<p class="panel-note">${frame.note}</p>` : ''}
  ${body}
</section>`
}

export function emptyState(message: string): SafeHtml {
  return html`<p class="empty">${message}</p>`
}

export function errorState(message: string): SafeHtml {
  return html`<p class="widget-error" role="alert">${message}</p>`
}

/**
 * The widget of `loaded`: its error state, its empty state (`empty.when` says when, `empty.message`
 * what to say), or `render` of the data.
 */
export function widget<T>(
  frame: WidgetFrame,
  loaded: Loaded<T>,
  render: (value: T) => SafeHtml,
  empty?: { when: (value: T) => boolean; message: string },
): SafeHtml {
  if (!loaded.ok) return widgetPanel(frame, errorState(loaded.error), 'error')
  if (empty?.when(loaded.value)) return widgetPanel(frame, emptyState(empty.message), 'empty')
  return widgetPanel(frame, render(loaded.value))
}

/** A KPI card; `name` (the API's field) lets tests and live updates find it, its value in `.kpi-value`. */
export function kpi(name: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="kpi" data-kpi="${name}"><span class="kpi-label">${label}</span><strong class="kpi-value">${value}</strong>${hint && html`<span class="kpi-hint">${hint}</span>`}</div>`
}

/** A row of KPI cards; `label` names the row for screen readers. */
export function kpis(cards: readonly SafeHtml[], options: { label?: string; live?: boolean } = {}): SafeHtml {
  return html`<div class="kpis${options.live ? ' kpis-live' : ''}"${options.label ? html` aria-label="${options.label}"` : ''}>${cards}</div>`
}

/** A table of figures, scrolling sideways when wider than the panel. */
export function figuresTable(head: SafeHtml, body: SafeHtml, foot?: SafeHtml, caption?: string): SafeHtml {
  return html`<div class="table-wrap"><table>${caption ? html`<caption>${caption}</caption>` : ''}<thead>${head}</thead><tbody>${body}</tbody>${foot ? html`<tfoot>${foot}</tfoot>` : ''}</table></div>`
}
