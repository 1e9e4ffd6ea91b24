/**
 * The cohort of one activity for a date range, the fragment its forms swap: the range picker, the
 * summary cards (customers, cost, CAC, revenue, ROAS, repeat rate, frequency, AOV), LTV against
 * CAC, and retention. All from one cohortAnalysis answer, "as of" when it was computed.
 */
import type { CohortAnalysis } from '../../analytics/dashboards/cohort'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { emptyState, kpi, widget, type Loaded } from './widget'
import { ltvSection } from './cohort-ltv'
import { cohortPicker, type CohortChoice, type ParameterError } from './cohort-picker'
import { retentionSection } from './cohort-retention'

const { count, dateTime, money, percent } = format

export const cohortPanelId = 'cohort-panel'

export interface CohortPanelView {
  activityId: number
  chosen: CohortChoice
  /** the analysis, or why there is none; `invalid` when the API refused a parameter */
  cohort: Loaded<CohortAnalysis>
  invalid?: ParameterError
}

function summary(c: CohortAnalysis): SafeHtml {
  return html`<div class="kpis">
    ${kpi('totalCustomers', 'Customers', count(c.totalCustomers))}
    ${kpi('totalAcquisitionCost', 'Acquisition cost', money(c.totalAcquisitionCost))}
    ${kpi('avgCAC', 'CAC', money(c.avgCAC))}
    ${kpi('totalRevenue', 'Revenue to date', money(c.totalRevenue))}
    ${kpi('roas', 'ROAS', c.roas === null ? '–' : `${c.roas.toFixed(2)}×`)}
    ${kpi('repeatPurchaseRate', 'Repeat purchase rate', percent(c.repeatPurchaseRate))}
    ${kpi('avgPurchaseFrequency', 'Purchases per customer', c.avgPurchaseFrequency.toFixed(2))}
    ${kpi('avgOrderValue', 'Average order value', money(c.avgOrderValue))}
  </div>`
}

export function cohortPanel(view: CohortPanelView): SafeHtml {
  const base = `/admin/dashboard/cohort/${view.activityId}`
  const form = { page: base, fragment: `${base}/panel`, target: cohortPanelId }
  const { chosen } = view
  const query = `?${new URLSearchParams({ startDate: chosen.startDate, endDate: chosen.endDate, retention: chosen.retention })}`
  const csv = (chart: string) => `${base}/csv/${chart}${query}`
  const none = { when: (c: CohortAnalysis) => c.totalCustomers === 0, message: 'No purchases in this period: no customer made a first purchase in it.' }
  const asOf = view.cohort.ok ? html`<p class="muted small as-of">As of ${dateTime(view.cohort.value.calculatedAt)}</p>` : ''
  // a cohort without customers has no LTV or retention to show: one empty state says so
  const withCustomers = view.cohort.ok && !none.when(view.cohort.value)
  const body = view.invalid
    ? emptyState('Pick a valid date range to see the cohort.')
    : html`${asOf}
  ${widget({ id: 'widget-cohort-summary', title: 'Cohort', csv: csv('summary') }, view.cohort, summary, none)}
  ${withCustomers && widget({ id: 'widget-ltv', title: 'Lifetime value vs acquisition cost', csv: csv('ltv') }, view.cohort, ltvSection)}
  ${withCustomers && widget({ id: 'widget-retention', title: 'Retention', csv: csv('retention-matrix') }, view.cohort, (c) => retentionSection(c, form, chosen))}`
  return html`<div id="${cohortPanelId}" class="dashboard">
  ${cohortPicker(form, chosen, view.invalid)}
  ${body}
</div>`
}
