/**
 * The campaign dashboard for one period, the fragment the period picker swaps: the picker itself,
 * the KPI cards, the funnel, promotion against normal purchases per day with the baseline, and
 * the segment and cost panels. Every widget has its empty and error states.
 */
import type { Comparison } from '../../analytics/dashboards/comparison'
import type { Costs } from '../../analytics/dashboards/costs'
import type { Funnel, Overview } from '../../analytics/dashboards/funnel'
import type { Segments } from '../../analytics/dashboards/segments'
import { campaignFunnelChart, comparisonPurchasesChart, comparisonRevenueChart } from '../charts/campaign'
import { chartCanvas } from '../charts/canvas'
import { format, shopFormat } from '../format'
import { html, type SafeHtml } from '../html'
import { costsPanel, segmentsPanel } from './campaign-panels'
import { periodPicker, type PeriodChoice } from './campaign-period'
import { emptyState, figuresTable, kpi, widget, type Loaded } from './widget'

const { count, dateTime, decimal, money, percent } = format

export const campaignDashboardId = 'campaign-dashboard'
/** How chart values read in the browser: money in the shop's currency. */
export const shopMoney = { locale: shopFormat.locale, currency: shopFormat.currency }

export interface Figures {
  overview: Overview
  funnel: Funnel
}

/** The period's widgets, or the period parameter the API refused. */
export type CampaignWidgets =
  | {
      ok: true
      range: { from: string; to: string }
      figures: Loaded<Figures>
      comparison: Loaded<Comparison>
      segments: Loaded<Segments>
      costs: Loaded<Costs>
    }
  | { ok: false; error: { parameter: string; message: string } }
type Ok = Extract<CampaignWidgets, { ok: true }>

export interface CampaignDashboardView {
  campaignId: number
  picked: PeriodChoice
  widgets: CampaignWidgets
  /** the picked period as a query string ("?period=30d"), for the CSV links */
  periodQuery: string
}

function kpis({ overview: o }: Figures): SafeHtml {
  return html`<div class="kpis">
    ${kpi('totalVisits', 'Visits', count(o.totalVisits))}
    ${kpi('totalClicks', 'Clicks', count(o.totalClicks))}
    ${kpi('totalParticipants', 'Participants', count(o.totalParticipants))}
    ${kpi('approvedCount', 'Approved', count(o.approvedCount))}
    ${kpi('purchaseCount', 'Purchases', count(o.purchaseCount))}
    ${kpi('revenue', 'Revenue', money(o.revenue))}
    ${kpi('conversionRate', 'Conversion', percent(o.conversionRate))}
  </div>`
}

function funnelView({ funnel }: Figures): SafeHtml {
  const head = html`<tr><th scope="col">Step</th><th scope="col" class="num">Count</th><th scope="col" class="num">Of the step before</th></tr>`
  const rows = funnel.steps.map((s) => html`<tr><th scope="row">${s.name}</th><td class="num">${count(s.value)}</td><td class="num">${percent(s.rate)}</td></tr>`)
  const foot = html`<tr><th scope="row">Visit to purchase</th><td></td><td class="num">${percent(funnel.overallRate)}</td></tr>`
  return html`<div class="chart-and-table">
    ${chartCanvas('chart-funnel', campaignFunnelChart(funnel), 'Funnel from visit to purchase')}
    ${figuresTable(head, html`${rows}`, foot)}
  </div>`
}

function comparisonView(c: Comparison): SafeHtml {
  const { baseline } = c
  const when = baseline.from ? html` (${dateTime(baseline.from)} – ${dateTime(baseline.to)})` : ''
  return html`<p class="muted small">Baseline: normal purchases of the campaign's products per day over the 28 days before it began${when}:
    <strong>${decimal(baseline.dailyPurchases)}</strong> purchases and <strong>${money(baseline.dailyRevenue)}</strong> a day.</p>
  <div class="chart-pair">
    ${chartCanvas('chart-comparison-purchases', comparisonPurchasesChart(c), 'Promotion and normal purchases per day against the baseline')}
    ${chartCanvas('chart-comparison-revenue', comparisonRevenueChart(c, shopMoney), 'Promotion and normal revenue per day against the baseline')}
  </div>`
}

const noSales = (c: Comparison) => c.days.every((d) => d.promotionPurchases === 0 && d.normalPurchases === 0)
const noVisits = (f: Figures) => f.overview.totalVisits === 0 && f.overview.approvedCount === 0 && f.overview.purchaseCount === 0

function widgets(view: CampaignDashboardView, w: Ok): SafeHtml {
  const csv = (chart: string) => `/admin/campaigns/${view.campaignId}/csv/${chart}${view.periodQuery}`
  const empty = { when: noVisits, message: 'No visits yet in this period.' }
  return html`
  ${widget({ id: 'widget-overview', title: 'Overview', csv: csv('overview') }, w.figures, kpis, empty)}
  ${!(w.figures.ok && noVisits(w.figures.value)) && widget({ id: 'widget-funnel', title: 'Funnel', csv: csv('funnel') }, w.figures, funnelView)}
  ${widget({ id: 'widget-comparison', title: 'Promotion vs normal purchases per day', csv: csv('comparison') }, w.comparison, comparisonView, {
    when: noSales,
    message: 'No purchases in this period.',
  })}
  ${segmentsPanel(w.segments, csv('segments'))}
  ${costsPanel(w.costs, csv('costs'))}`
}

export function campaignDashboard(view: CampaignDashboardView): SafeHtml {
  const w = view.widgets
  const picker = periodPicker({
    page: `/admin/campaigns/${view.campaignId}`,
    fragment: `/admin/campaigns/${view.campaignId}/dashboard`,
    target: campaignDashboardId,
    picked: view.picked,
    range: w.ok ? w.range : undefined,
    error: w.ok ? undefined : w.error,
  })
  return html`<div id="${campaignDashboardId}" class="dashboard">
  ${picker}
  ${w.ok ? widgets(view, w) : emptyState('Pick a valid period to see the numbers.')}
</div>`
}
