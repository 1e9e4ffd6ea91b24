/**
 * The activity dashboard `/admin/dashboard/:id`, what a marketer keeps open through a flash sale:
 * the live part (activity-live partial, refreshed by SSE), the funnels, promotion against normal
 * days, hourly inflow, segments and cost. Pure: the route loads each widget's numbers (each may
 * have failed alone) and hands them here with the layout.
 */
import { chartCanvas } from '../charts/canvas'
import { html, type SafeHtml } from '../html'
import type { ShopFormat } from '../format'
import { activityLive, funnelChartId } from '../partials/activity-live'
import { breadcrumbs, campaignCrumb, campaignsCrumb } from '../partials/breadcrumbs'
import { assistantPanel } from '../partials/assistant-panel'
import { activityPanels } from '../partials/activity-panels'
import { panel, widgetError, type Formats } from '../partials/activity-widget'
import { funnelSpec } from './activity-charts'
import { activityCsvUrl, type ActivityPageData } from './activity-data'

function header(data: ActivityPageData, f: Formats): SafeHtml {
  const { activity } = data
  return html`<header class="page-head">
<div>
${breadcrumbs([campaignsCrumb, campaignCrumb(data.campaign)])}
<h1>${activity.name}</h1>
<p class="meta">${f.dateTime(activity.startsAt)} – ${f.dateTime(activity.endsAt)} · ${f.count(activity.limit)} units</p>
</div>
<div class="actions"><a class="button" href="/admin/dashboard/cohort/${activity.id}">Customer LTV analysis (cohort) →</a> <a class="button" href="#assistant-panel">Ask the assistant ↓</a></div>
</header>`
}

function funnelPanel(data: ActivityPageData, shop: ShopFormat): SafeHtml {
  const body = data.live.ok
    ? chartCanvas(funnelChartId, funnelSpec(data.live.value.funnel, shop).spec, 'Funnel: visits, clicks, approved, purchases', 'No visits yet')
    : widgetError('funnel')
  return panel('funnel', 'Funnel', body, {
    note: 'Events at each step since the activity began; updates live.',
    csv: [['Download CSV', activityCsvUrl(data.activity.id, 'funnel')]],
  })
}

export function activityPage(data: ActivityPageData, f: Formats, shop: ShopFormat): SafeHtml {
  const id = data.activity.id
  return html`${header(data, f)}
<section id="live" class="live" hx-sse:connect="/admin/dashboard/${id}/stream">
${activityLive(data.live, f, shop, data.asOf)}
</section>
<div class="panels">
${funnelPanel(data, shop)}
${activityPanels(data, f, shop)}
</div>
${assistantPanel({ campaignId: data.activity.campaignId, activityId: id }, 'activity')}`
}
