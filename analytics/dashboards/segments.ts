/**
 * Segments of an activity's (or campaign's) promotion buyers: purchases, revenue and conversion
 * (purchases ÷ approved holds of the segment × 100) by member grade and by new vs returning
 * customer (new: bought nothing of any kind before; see analytics/reporting/segments.ts).
 */
import { t } from 'elysia'
import { segmentRows, type SegmentRow } from '../reporting/segments'
import type { TimeRange } from '../store/port'
import { answer, isClosed, rangeParams } from './answer'
import type { DashboardDeps } from './deps'
import { percent, round } from './numbers'
import { dashboardDate, entityId, parseParams } from './params'
import { optionalRange } from './period'
import { activityTarget, type Target } from './target'

export const segmentsParams = t.Object({
  activityId: entityId('the activity'),
  startDate: t.Optional(dashboardDate('start of the period (default: all time)')),
  endDate: t.Optional(dashboardDate('end of the period, inclusive of its whole day when a date alone')),
})

interface Figures {
  purchases: number
  revenue: number
  approved: number
  conversionRate: number
}

export interface Segments {
  byGrade: Array<{ grade: string } & Figures>
  byCustomerType: Array<{ customerType: 'NEW' | 'RETURNING' } & Figures>
}

function figures(rows: readonly SegmentRow[]): Figures {
  const purchases = rows.reduce((sum, r) => sum + r.purchases, 0)
  const approved = rows.reduce((sum, r) => sum + r.approved, 0)
  return { purchases, revenue: round(rows.reduce((sum, r) => sum + r.revenue, 0)), approved, conversionRate: percent(purchases, approved) }
}

export async function segmentsOf(deps: DashboardDeps, target: Target, range?: TimeRange): Promise<Segments> {
  const rows = await segmentRows(deps.reporting, target.activityIds, range)
  const grades = [...new Set(rows.map((r) => r.grade))].sort()
  return {
    byGrade: grades.map((grade) => ({ grade, ...figures(rows.filter((r) => r.grade === grade)) })),
    byCustomerType: [
      { customerType: 'NEW', ...figures(rows.filter((r) => r.isNew)) },
      { customerType: 'RETURNING', ...figures(rows.filter((r) => !r.isNew)) },
    ],
  }
}

export async function segments(deps: DashboardDeps, params: typeof segmentsParams.static) {
  const { activityId, startDate, endDate } = parseParams(segmentsParams, params)
  const range = optionalRange(startDate, endDate)
  const target = await activityTarget(deps.reporting, activityId)
  const result = await answer(deps, { widget: 'segments', params: { activityId, ...rangeParams(range) }, closed: isClosed(range) }, () =>
    segmentsOf(deps, target, range),
  )
  return { activityId, ...rangeParams(range), ...result.value, calculatedAt: result.calculatedAt }
}
