/**
 * What the cohort page shows: cohortAnalysis (the JSON API's service function) for the activity
 * and the dates picked, by default the activity's first day to its last (or today while it runs).
 * The dates are checked up front with the API's own schema, so a refused one is shown at its field.
 */
import { t } from 'elysia'
import { parameterSchema } from '../../../common/http/errors'
import type { CohortChoice } from '../../../views/partials/cohort-picker'
import { cohortAnalysis, cohortParams, type CohortDeps, type CohortParams } from '../../dashboards/cohort'
import { parseParams } from '../../dashboards/params'
import { customRange } from '../../dashboards/period'
import type { ReportedActivity } from '../../reporting/activities'
import { loadWidget, refusedParameter } from '../campaign-page/widgets'

export const cohortPageQuery = parameterSchema({
  startDate: t.Optional(t.String({ maxLength: 40 })),
  endDate: t.Optional(t.String({ maxLength: 40 })),
  retention: t.Optional(t.String({ maxLength: 16 })),
})
export type CohortPageQuery = typeof cohortPageQuery.static

const utcDay = (instant: Date) => instant.toISOString().slice(0, 10)

/** The dates and mode asked for, the defaults where a field is empty. */
export function cohortChoice(activity: Pick<ReportedActivity, 'startsAt' | 'endsAt'>, query: CohortPageQuery, now = new Date()): CohortChoice {
  const lastDay = Math.max(activity.startsAt.getTime(), Math.min(activity.endsAt.getTime(), now.getTime()))
  return {
    startDate: query.startDate || utcDay(activity.startsAt),
    endDate: query.endDate || utcDay(new Date(lastDay)),
    retention: query.retention || 'rolling',
  }
}

/** The cohort for the choice, or the parameter the API refused. */
export async function cohortPanelData(deps: CohortDeps, activityId: number, chosen: CohortChoice) {
  const params = { activityId, ...chosen } as CohortParams
  const invalid = refusedParameter(() => {
    const checked = parseParams(cohortParams, params)
    customRange(checked.startDate, checked.endDate)
  })
  if (invalid) return { cohort: { ok: false as const, error: invalid.message }, invalid }
  return { cohort: await loadWidget('cohort', () => cohortAnalysis(deps, params), deps.log) }
}
