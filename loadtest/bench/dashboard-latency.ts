/**
 * Latency of the dashboard APIs as a marketer's browser meets it: one request at a time (a page
 * asks for its widgets, then waits), over a rotation of activities, campaigns and periods, after
 * a few unmeasured requests. With the look-aside cache off every answer is computed: the cold
 * cost; with it on, one unmeasured pass over every URL first fills it.
 */
import { parseServerTiming } from '../../analytics/dashboards/timing'
import { percentile } from '../simulators/funnel-math'
import type { BenchCatalog } from './dashboard-catalog'

export interface Latency {
  api: string
  requests: number
  ok: number
  p50: number
  p95: number
  max: number
  /** status → count, for answers other than 200 */
  failures: Record<string, number>
  /** one answer, to show the numbers were not empty */
  sample: unknown
  /** the parts the answer's Server-Timing header names (ms), p50 and p95 of each; `http` = client time − server total */
  parts: Record<string, { p50: number; p95: number }>
  /** median size of an answer's JSON, bytes */
  bytes: number
}

/** unmeasured requests first; with the cache on, one over every URL, so each has been filled once */
const warmupOf = (urls: readonly string[], cached: boolean) => (cached ? Math.max(10, urls.length) : 3)
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)

async function measure(api: string, urls: readonly string[], requests: number, cookie: string, cached: boolean): Promise<Latency> {
  const times: number[] = []
  const failures: Record<string, number> = {}
  const partTimes: Record<string, number[]> = {}
  const sizes: number[] = []
  let sample: unknown
  const warmup = warmupOf(urls, cached)
  for (let i = 0; i < warmup + requests; i++) {
    const startedAt = performance.now()
    const response = await fetch(urls[i % urls.length]!, { headers: { cookie } })
    const body = await response.text()
    const ms = performance.now() - startedAt
    if (i < warmup) continue
    if (response.status === 200) {
      times.push(ms)
      sizes.push(body.length)
      const parts = parseServerTiming(response.headers.get('server-timing'))
      if (parts.total !== undefined) parts.http = ms - parts.total
      for (const [part, partMs] of Object.entries(parts)) (partTimes[part] ??= []).push(partMs)
      sample ??= JSON.parse(body)
    } else failures[response.status] = (failures[response.status] ?? 0) + 1
  }
  const sorted = (values: number[]) => values.sort((a, b) => a - b)
  sorted(times)
  const parts = Object.fromEntries(Object.entries(partTimes).map(([part, values]) => [part, { p50: percentile(sorted(values), 50), p95: percentile(values, 95) }]))
  return { api, requests, ok: times.length, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? 0, failures, sample, parts, bytes: percentile(sorted(sizes), 50) }
}

/** The activity, campaign and cohort APIs, hottest activities first in each rotation. */
/** `cookie`: a signed-in marketer's session (the dashboard API answers 401 without one). */
export async function measureDashboards(analyticsUrl: string, cookie: string, catalog: BenchCatalog, requests: number, progress: (line: string) => void, cached = false): Promise<Latency[]> {
  const api = `${analyticsUrl}/api/v1/dashboard`
  const hottest = [...catalog.activities].sort((a, b) => b.weight - a.weight).slice(0, 20)
  const windowOf = (campaignId: number) => {
    const of = catalog.activities.filter((a) => a.campaignId === campaignId)
    return { start: Math.min(...of.map((a) => a.startsAt)), end: Math.max(...of.map((a) => a.lastAt)) }
  }
  const campaignUrls = catalog.campaignIds.map((id, i) => {
    const { start, end } = windowOf(id)
    // the live campaign over the last week; the ended ones over their own window
    return i === 0 ? `${api}/campaign/${id}?widgets=overview,funnel,comparison,realtime&period=7d` : `${api}/campaign/${id}?widgets=overview,funnel,comparison,realtime&period=custom&startDate=${isoDay(start)}&endDate=${isoDay(end)}`
  })
  const runs: [string, string[]][] = [
    ['activity', hottest.map((a) => `${api}/activity/${a.id}`)],
    ['campaign', campaignUrls],
    ['cohort', hottest.map((a) => `${api}/cohort/activity/${a.id}?startDate=${isoDay(a.startsAt)}&endDate=${isoDay(a.lastAt)}`)],
  ]
  const figures: Latency[] = []
  for (const [name, urls] of runs) {
    progress(`measuring the ${name} API: ${requests} requests over ${urls.length} ${name === 'campaign' ? 'campaigns' : 'activities'}`)
    figures.push(await measure(name, urls, requests, cookie, cached))
  }
  return figures
}
