/**
 * One widget of a dashboard page: a titled panel with its CSV download, and three states — the
 * data, an empty state when there is nothing to show yet, and an error state that says what went
 * wrong without breaking the rest of the page.
 */
import { html, type SafeHtml } from '../html'

/** A widget's data, or why it has none. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string }

export interface WidgetFrame {
  /** the element id (tests and htmx swaps find the widget by it) */
  id: string
  title: string
  /** where its data downloads as CSV */
  csv?: string
  /** a line under the title: what the numbers are */
  note?: string
}

export function widgetPanel(frame: WidgetFrame, body: SafeHtml, state: 'data' | 'empty' | 'error' = 'data'): SafeHtml {
  return html`<section class="panel widget" id="${frame.id}" data-state="${state}">
  <header class="widget-head"><h2>${frame.title}</h2>${frame.csv && state === 'data' ? html`<a class="button csv-link" href="${frame.csv}" download>Download CSV</a>` : ''}</header>
  ${frame.note ? html`<p class="muted small">${frame.note}</p>` : ''}
  ${body}
</section>`
}

/**
 * The widget of `loaded`: its error state, its empty state (`isEmpty` says when, `empty` what to
 * say), or `render` of the data.
 */
export function widget<T>(
  frame: WidgetFrame,
  loaded: Loaded<T>,
  render: (value: T) => SafeHtml,
  empty?: { when: (value: T) => boolean; message: string },
): SafeHtml {
  if (!loaded.ok) return widgetPanel(frame, html`<p class="widget-error" role="alert">Could not show this: ${loaded.error}</p>`, 'error')
  if (empty?.when(loaded.value)) return widgetPanel(frame, emptyState(empty.message), 'empty')
  return widgetPanel(frame, render(loaded.value))
}

export function emptyState(message: string): SafeHtml {
  return html`<p class="empty">${message}</p>`
}

/** A KPI card; `name` (the API's field) lets tests and live updates find the value. */
export function kpiCard(label: string, name: string, value: string): SafeHtml {
  return html`<div class="card"><div class="label">${label}</div><div class="value" data-kpi="${name}">${value}</div></div>`
}

/** A table of figures, scrolling sideways when wider than the panel. */
export function figuresTable(head: SafeHtml, body: SafeHtml, foot?: SafeHtml): SafeHtml {
  return html`<div class="table-wrap"><table><thead>${head}</thead><tbody>${body}</tbody>${foot ? html`<tfoot>${foot}</tfoot>` : ''}</table></div>`
}
