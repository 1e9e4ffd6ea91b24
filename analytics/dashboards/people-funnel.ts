/**
 * The funnel by people: distinct people who visited and clicked (a shopper together with the
 * anonymous visitor they were, from the behaviour store), distinct shoppers who took a hold and who
 * bought; and the time to convert between consecutive steps over the people who reached both,
 * as nearest-rank p50 and p95 of (first time of the later step − first time of the earlier one),
 * non-negative gaps only.
 */
import { firstPurchases } from '../reporting/purchases'
import { firstHolds } from '../reporting/reservations'
import type { TimeRange } from '../store/port'
import type { DashboardDeps } from './deps'
import { funnelSteps, type FunnelStepName } from './funnel'
import { round } from './numbers'
import type { Target } from './target'

export interface PeopleFunnel {
  steps: Array<{ name: FunnelStepName; people: number; rate: number }>
  timeToConvert: Array<{ from: FunnelStepName; to: FunnelStepName; people: number; p50Seconds: number | null; p95Seconds: number | null }>
}

/** The smallest gap with at least p % of the gaps at or below it. */
function nearestRank(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null
  return round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! / 1000, 3)
}

function conversion(from: FunnelStepName, to: FunnelStepName, gapsMs: number[]): PeopleFunnel['timeToConvert'][number] {
  const sorted = gapsMs.filter((gap) => gap >= 0).sort((a, b) => a - b)
  return { from, to, people: sorted.length, p50Seconds: nearestRank(sorted, 50), p95Seconds: nearestRank(sorted, 95) }
}

export async function peopleFunnel(deps: DashboardDeps, target: Target, range?: TimeRange): Promise<PeopleFunnel> {
  // one read of the people: who visited and who clicked are those with a first time of each
  const [firsts, holds, buys] = await Promise.all([
    deps.store.personFirsts(target.scope, ['PAGE_VIEW', 'CLICK'], range),
    firstHolds(deps.reporting, target.activityIds, range),
    firstPurchases(deps.reporting, target.activityIds, range),
  ])
  const steps = funnelSteps<FunnelStepName>([
    ['VISIT', firsts.filter((p) => p.first.PAGE_VIEW !== undefined).length],
    ['CLICK', firsts.filter((p) => p.first.CLICK !== undefined).length],
    ['APPROVED', holds.size],
    ['PURCHASE', buys.size],
  ]).map(({ name, value, rate }) => ({ name, people: value, rate }))
  const visitToClick: number[] = []
  const clickToHold: number[] = []
  for (const { userId, first } of firsts) {
    const click = first.CLICK === undefined ? undefined : Date.parse(first.CLICK)
    if (click === undefined) continue
    if (first.PAGE_VIEW !== undefined) visitToClick.push(click - Date.parse(first.PAGE_VIEW))
    const hold = userId === null ? undefined : holds.get(userId)
    if (hold) clickToHold.push(hold.getTime() - click)
  }
  const holdToBuy = [...buys].flatMap(([userId, bought]) => {
    const hold = holds.get(userId)
    return hold ? [bought.getTime() - hold.getTime()] : []
  })
  return {
    steps,
    timeToConvert: [conversion('VISIT', 'CLICK', visitToClick), conversion('CLICK', 'APPROVED', clickToHold), conversion('APPROVED', 'PURCHASE', holdToBuy)],
  }
}
