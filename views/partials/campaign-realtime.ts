/**
 * The campaign's live numbers over all its activities: stock left, participants, people active in
 * the last 5 minutes. The panel asks for itself again every few seconds (htmx polling), so it
 * stays current while the rest of the page keeps its period.
 */
import type { Realtime } from '../../analytics/dashboards/realtime'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { kpi, widget, type Loaded } from './widget'

const { count, time } = format

export const realtimePollSeconds = 5

function liveCards(live: Realtime): SafeHtml {
  return html`<div class="kpis">
    ${kpi('remainingStock', 'Stock left', count(live.remainingStock))}
    ${kpi('participantCount', 'Participants', count(live.participantCount))}
    ${kpi('activeUsers', 'Active now (5 min)', count(live.activeUsers))}
  </div>`
}

export function campaignRealtime(campaignId: number, live: Loaded<Realtime>): SafeHtml {
  const note = live.ok ? `All activities together, updated ${time(live.value.lastUpdated)}` : undefined
  return html`<div class="live-poll" hx-get="/admin/campaigns/${campaignId}/realtime" hx-trigger="every ${realtimePollSeconds}s" hx-swap="outerHTML">
  ${widget({ id: 'widget-realtime', title: 'Live', note }, live, liveCards)}
</div>`
}
