/**
 * When a dashboard answer is cached: numbers of a closed period no longer change, so they go
 * through the look-aside cache (AXON_DASHBOARD_CACHE_SECONDS); numbers of a period that reaches
 * now are computed on every call. Either way the answer says when it was computed.
 */
import { config } from '../../common/config'
import { cacheKey, lookAside, type Cached } from './cache'
import type { DashboardDeps } from './deps'
import type { TimeRange } from '../store/port'

export function isClosed(range: TimeRange | undefined, now = new Date()): boolean {
  return range !== undefined && range.to.getTime() <= now.getTime()
}

export async function answer<T>(
  deps: DashboardDeps,
  question: { widget: string; params: Record<string, string | number | undefined>; closed: boolean },
  compute: () => Promise<T>,
): Promise<Cached<T>> {
  if (question.closed) return lookAside(deps.redis, cacheKey(question.widget, question.params), config.dashboardCacheSeconds, compute, deps.log)
  const calculatedAt = new Date().toISOString()
  return { value: await compute(), calculatedAt, hit: false }
}

/** The cache key's parameters of a range. */
export function rangeParams(range: TimeRange | undefined) {
  return { from: range?.from.toISOString(), to: range?.to.toISOString() }
}
