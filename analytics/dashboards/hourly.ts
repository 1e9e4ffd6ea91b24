/**
 * Hourly inflow: behaviour events per UTC hour by trigger type (tracker PURCHASE events are left
 * out by the store: purchases are counted from MySQL). For one activity the range defaults to
 * its window; a campaign's hourly widget uses the period.
 */
import { t } from 'elysia'
import type { TimeRange } from '../store/port'
import type { TriggerType } from '../../common/schemas/behavior-event'
import { answer, isClosed, rangeParams } from './answer'
import type { DashboardDeps } from './deps'
import { dashboardDate, entityId, parseParams } from './params'
import { optionalRange } from './period'
import { activityTarget, type Target } from './target'

export const hourlyInflowParams = t.Object({
  activityId: entityId('the activity'),
  startDate: t.Optional(dashboardDate('first hour (default: the activity start)')),
  endDate: t.Optional(dashboardDate('last hour, inclusive of its whole day when a date alone (default: the activity end)')),
})

export interface HourlyInflow {
  from: string
  to: string
  hours: Array<{ hour: string; counts: Partial<Record<TriggerType, number>> }>
}

export async function hourlyOf(deps: DashboardDeps, target: Target, range: TimeRange): Promise<HourlyInflow> {
  const rows = await deps.store.hourlyCounts(target.scope, range)
  const hours = new Map<string, Partial<Record<TriggerType, number>>>()
  for (const { hour, triggerType, count } of rows) hours.set(hour, { ...hours.get(hour), [triggerType]: count })
  return { from: range.from.toISOString(), to: range.to.toISOString(), hours: [...hours].map(([hour, counts]) => ({ hour, counts })) }
}

export async function hourlyInflow(deps: DashboardDeps, params: typeof hourlyInflowParams.static) {
  const { activityId, startDate, endDate } = parseParams(hourlyInflowParams, params)
  const asked = optionalRange(startDate, endDate)
  const target = await activityTarget(deps.reporting, activityId)
  const range = asked ?? { from: target.activity.startsAt, to: target.activity.endsAt }
  const result = await answer(deps, { widget: 'hourly', params: { activityId, ...rangeParams(range) }, closed: isClosed(range) }, () =>
    hourlyOf(deps, target, range),
  )
  return { activityId, ...result.value, calculatedAt: result.calculatedAt }
}
