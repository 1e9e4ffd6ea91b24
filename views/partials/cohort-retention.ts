/**
 * The cohort's retention: D1/D7/D30 with the rolling / calendar-day toggle (a small form of its
 * own that keeps the dates), and the matrix by acquisition day as a table whose cells are shaded
 * by share (classes, not inline styles: the CSP allows only our stylesheet).
 */
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import type { RetentionRow } from '../../analytics/dashboards/retention'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { kpi } from './widget'
import type { CohortChoice, CohortForm } from './cohort-picker'

const { count, percent } = format

/** The matrix shows this many day offsets; the CSV has all of them. */
export const matrixDays = 30

const modes = [
  ['rolling', 'Rolling 24 h', 'N × 24 hours after the first purchase'],
  ['calendar', 'Calendar days', 'N calendar days in the shop time zone'],
] as const

function modeToggle(form: CohortForm, chosen: CohortChoice): SafeHtml {
  return html`<form class="mode-toggle" action="${form.page}" method="get" hx-get="${form.fragment}" hx-target="#${form.target}" hx-swap="outerHTML">
    <input type="hidden" name="startDate" value="${chosen.startDate}">
    <input type="hidden" name="endDate" value="${chosen.endDate}">
    ${modes.map(
      ([value, label, title]) =>
        html`<button type="submit" name="retention" value="${value}" title="${title}" aria-pressed="${String(chosen.retention === value)}">${label}</button>`,
    )}
  </form>`
}

/** 0 for none, else 1–10 by tens of percent. */
export function heat(share: number): number {
  return share <= 0 ? 0 : Math.min(10, Math.ceil(share / 10))
}

function matrixRow(row: RetentionRow, width: number): SafeHtml {
  const cells = Array.from({ length: width }, (_, i) => {
    const share = row.days[i]
    if (share === undefined) return html`<td class="heat-none"></td>`
    return html`<td class="heat-${heat(share)}" title="${percent(share)} bought again on day ${i + 1}">${share.toFixed(1)}</td>`
  })
  return html`<tr><th scope="row">${row.acquisitionDay}</th><td class="num">${count(row.customers)}</td>${cells}</tr>`
}

function matrix(rows: readonly RetentionRow[]): SafeHtml {
  const longest = Math.max(0, ...rows.map((r) => r.days.length))
  const width = Math.min(matrixDays, longest)
  const offsets = Array.from({ length: width }, (_, i) => html`<th scope="col">${i + 1}</th>`)
  return html`<p class="muted small">% of each day's new customers who bought again on day N after their first purchase${
    longest > matrixDays ? ` (the first ${matrixDays} days; the CSV has all ${longest})` : ''
  }.</p>
  <div class="table-wrap"><table class="figures matrix">
    <thead><tr><th scope="col">First purchase</th><th scope="col" class="num">Customers</th>${offsets}</tr></thead>
    <tbody>${rows.map((r) => matrixRow(r, width))}</tbody>
  </table></div>`
}

export function retentionSection(cohort: CohortAnalysis, form: CohortForm, chosen: CohortChoice): SafeHtml {
  const { d1, d7, d30 } = cohort.retention
  return html`${modeToggle(form, chosen)}
  <div class="kpis">
    ${kpi('d1', 'Bought again within 1 day', percent(d1))}
    ${kpi('d7', 'within 7 days', percent(d7))}
    ${kpi('d30', 'within 30 days', percent(d30))}
  </div>
  ${matrix(cohort.retentionMatrix)}`
}
