/**
 * The live part of the activity dashboard: KPI cards, stock / participants / active users and the
 * funnel chart's data. The page renders it once; the SSE stream sends it again whenever the numbers
 * change, and htmx swaps it in (the funnel chart, outside, is updated in place by charts.js).
 */
import type { ActivityDashboard } from '../../analytics/dashboards/activity'
import { chartUpdate } from '../charts/canvas'
import { html, type SafeHtml } from '../html'
import type { ShopFormat } from '../format'
import { funnelSpec } from '../pages/activity-charts'
import { kpi, kpis, type Formats, type Loaded } from './widget'

export const funnelChartId = 'chart-funnel'

/** What changes by the second: the numbers the stream sends. */
export type LiveNumbers = Pick<ActivityDashboard, 'overview' | 'funnel' | 'realtime'> & { limit: number }

function kpiCards(overview: LiveNumbers['overview'], f: Formats): SafeHtml {
  return kpis(
    [
      kpi('visits', 'Visits', f.count(overview.totalVisits)),
      kpi('clicks', 'Clicks', f.count(overview.totalClicks)),
      kpi('approved', 'Approved', f.count(overview.approvedCount), 'holds taken'),
      kpi('purchases', 'Purchases', f.count(overview.purchaseCount)),
      kpi('revenue', 'Revenue', f.money(overview.revenue)),
      kpi('conversion', 'Conversion', f.percent(overview.conversionRate), 'purchases ÷ visits'),
    ],
    { label: 'Totals since the activity began' },
  )
}

function realtimeCards(live: LiveNumbers, f: Formats): SafeHtml {
  const { remainingStock, participantCount, activeUsers } = live.realtime
  return kpis(
    [
      kpi('stock', 'Stock left', f.count(remainingStock), `of ${f.count(live.limit)}`),
      kpi('participants', 'Participants', f.count(participantCount), 'shoppers who took a hold'),
      kpi('active', 'Active users', f.count(activeUsers), 'any event in the last 5 minutes'),
    ],
    { label: 'Right now', live: true },
  )
}

/** The fragment, with `asOf` the time the numbers were read. */
export function activityLive(live: Loaded<LiveNumbers>, f: Formats, shop: ShopFormat, asOf: Date): SafeHtml {
  if (!live.ok)
    return html`<p class="live-status live-error" role="alert">Live numbers are unavailable at ${f.time(asOf)}; retrying every second.</p>`
  const quiet = live.value.overview.totalVisits === 0 && live.value.overview.purchaseCount === 0
  return html`<p class="live-status"><span class="live-dot" aria-hidden="true"></span> Live · as of <time datetime="${asOf.toISOString()}">${f.time(asOf)}</time></p>
${quiet && html`<p class="empty">No visits yet. The numbers move here as soon as shoppers arrive.</p>`}
${realtimeCards(live.value, f)}
${kpiCards(live.value.overview, f)}
${chartUpdate(funnelChartId, funnelSpec(live.value.funnel, shop).spec)}`
}
