/**
 * The campaign page (/admin/campaigns/:id): the campaign's activities with links to their
 * dashboards and cohorts, its live numbers, and its dashboard for a period (the fragment the
 * period picker swaps, views/partials/campaign-dashboard.ts).
 */
import type { Realtime } from '../../analytics/dashboards/realtime'
import type { ReportedActivity, ReportedCampaign } from '../../analytics/reporting/activities'
import { format } from '../format'
import { html, type SafeHtml } from '../html'
import { breadcrumbs, campaignsCrumb } from '../partials/breadcrumbs'
import { campaignDashboard, type CampaignDashboardView } from '../partials/campaign-dashboard'
import { assistantPanel } from '../partials/assistant-panel'
import { campaignRealtime } from '../partials/campaign-realtime'
import { emptyState, figuresTable, type Loaded } from '../partials/widget'

const { count, dateTime, money } = format

export interface CampaignPageView extends CampaignDashboardView {
  campaign: ReportedCampaign
  activities: ReportedActivity[]
  realtime: Loaded<Realtime>
  /** an admin gets the links to the edit forms; an analyst reads only */
  canEdit: boolean
}

function activitiesTable(activities: readonly ReportedActivity[], canEdit: boolean): SafeHtml {
  if (activities.length === 0) return emptyState('This campaign has no activities yet.')
  const head = html`<tr><th scope="col">Activity</th><th scope="col">Runs</th><th scope="col" class="num">Stock</th><th scope="col" class="num">Budget</th><th scope="col">Cohort</th>${canEdit && html`<th scope="col"></th>`}</tr>`
  const rows = activities.map(
    (a) => html`<tr>
      <th scope="row"><a href="/admin/dashboard/${a.id}">${a.name}</a></th>
      <td>${dateTime(a.startsAt)} – ${dateTime(a.endsAt)}</td>
      <td class="num">${count(a.limit)}</td>
      <td class="num">${a.budget === null ? html`<span class="muted small">shares the campaign's budget</span>` : money(a.budget)}</td>
      <td><a href="/admin/dashboard/cohort/${a.id}">LTV and retention</a></td>
      ${canEdit && html`<td><a href="/admin/activities/${a.id}/edit">Edit</a></td>`}
    </tr>`,
  )
  return figuresTable(head, html`${rows}`)
}

export function campaignPage(view: CampaignPageView): SafeHtml {
  const { campaign } = view
  return html`<header class="page-head">
  <div>
    ${breadcrumbs([campaignsCrumb])}
    <h1>${campaign.name}</h1>
    <p>Budget ${money(campaign.budget)}</p>
  </div>
  <div class="actions">
    <a class="button" href="#assistant-panel">Ask the assistant ↓</a>
    ${view.canEdit && html`<a class="button" href="/admin/campaigns/${campaign.id}/edit">Edit campaign</a>
    <a class="button primary" href="/admin/campaigns/${campaign.id}/activities/new">Add activity</a>`}
  </div>
</header>
<section class="panel" id="campaign-activities"><h2>Activities</h2>${activitiesTable(view.activities, view.canEdit)}</section>
${campaignRealtime(campaign.id, view.realtime)}
${campaignDashboard(view)}
${assistantPanel({ campaignId: campaign.id }, 'campaign')}`
}
