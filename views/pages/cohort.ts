/**
 * The cohort page (/admin/dashboard/cohort/:activityId): who an activity acquired in a date range
 * and what they were worth since, against what they cost (views/partials/cohort-panel.ts).
 */
import type { ReportedActivity } from '../../analytics/reporting/activities'
import { html, type SafeHtml } from '../html'
import { breadcrumbs, campaignCrumb, campaignsCrumb } from '../partials/breadcrumbs'
import { cohortPanel, type CohortPanelView } from '../partials/cohort-panel'

export interface CohortPageView extends CohortPanelView {
  activity: ReportedActivity
  /** the activity's campaign, named in the breadcrumb */
  campaign: { id: number; name: string }
}

export function cohortPage(view: CohortPageView): SafeHtml {
  const { activity } = view
  return html`<header class="page-head">
  <div>
    ${breadcrumbs([campaignsCrumb, campaignCrumb(view.campaign), { label: activity.name, href: `/admin/dashboard/${activity.id}` }])}
    <h1>Cohort of ${activity.name}</h1>
    <p>Customers whose first purchase in this activity falls in the range, and everything they bought since.</p>
  </div>
</header>
${cohortPanel(view)}`
}
