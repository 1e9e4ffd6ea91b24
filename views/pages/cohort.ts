/**
 * The cohort page (/admin/dashboard/cohort/:activityId): who an activity acquired in a date range
 * and what they were worth since, against what they cost (views/partials/cohort-panel.ts).
 */
import type { ReportedActivity } from '../../analytics/reporting/activities'
import { html, type SafeHtml } from '../html'
import { cohortPanel, type CohortPanelView } from '../partials/cohort-panel'

export interface CohortPageView extends CohortPanelView {
  activity: ReportedActivity
}

export function cohortPage(view: CohortPageView): SafeHtml {
  const { activity } = view
  return html`<header class="page-head">
  <div>
    <p class="breadcrumb"><a href="/admin/campaigns/${activity.campaignId}">Campaign</a> › <a href="/admin/dashboard/${activity.id}">${activity.name}</a> ›</p>
    <h1>Cohort of ${activity.name}</h1>
    <p>Customers whose first purchase in this activity falls in the range, and everything they bought since.</p>
  </div>
</header>
${cohortPanel(view)}`
}
