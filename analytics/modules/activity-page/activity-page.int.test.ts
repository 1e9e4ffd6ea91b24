/**
 * The activity dashboard through the analytics app with the real Redis and MariaDB: the page shows
 * the JSON API's numbers in its cards and charts, a widget whose store fails shows its own error,
 * each chart downloads as CSV, and the live stream fans one producer out to every viewer and
 * forgets a viewer the moment it leaves.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createRedisStreamsBus } from '../../../common/bus/redis-streams'
import { createLogger } from '../../../common/log'
import { createRegistry } from '../../../common/metrics'
import { closeTestClients, testPool, testRedis } from '../../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../../test/support/dashboard-fixture'
import { signedInAs } from '../../../test/support/marketer'
import { waitFor } from '../../../test/support/wait'
import { disableAccount, rescopeAccount } from '../../accounts/service'
import { accountRecheckMs } from '../../auth'
import { createAnalyticsApp } from '../../app'
import { coreAdmin } from '../admin-forms/core-admin'
import { reportingPool } from '../../reporting/pool'
import { createMysqlBehaviorStore } from '../../store/mysql'
import type { BehaviorStore } from '../../store/port'

const redis = testRedis('activity-page-test')
const log = createLogger({ process: 'activity-page-test' }, 'error')
const realStore = createMysqlBehaviorStore()
const reporting = reportingPool()
const pool = testPool(2)

/** The real store and pool, counting what they are asked; `failing` names store methods that throw. */
const reads = { store: 0, mysql: 0 }
const failing = new Set<string>()
const store = new Proxy(realStore, {
  get(target, name, receiver) {
    const value = Reflect.get(target, name, receiver)
    if (typeof value !== 'function') return value
    return (...args: unknown[]) => {
      reads.store++
      if (failing.has(String(name))) return Promise.reject(new Error(`${String(name)} is down`))
      return value.apply(target, args)
    }
  },
}) as BehaviorStore
const countedReporting = new Proxy(reporting, {
  get(target, name, receiver) {
    const value = Reflect.get(target, name, receiver)
    if (name !== 'query' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
    return (...args: unknown[]) => {
      reads.mysql++
      return value.apply(target, args)
    }
  },
})
const bus = createRedisStreamsBus(() => redis, log)
// the dashboard never calls core's admin API
const core = coreAdmin({ url: 'http://core.test', token: '', send: async () => new Response(null, { status: 503 }) })
// open streams check their viewer every 300 ms here (30 s in production)
const app = createAnalyticsApp({ bus, store, redis, reporting: countedReporting, accounts: pool, core, log, registry: createRegistry('analytics-test'), liveTiming: { recheckMs: 300 } })
let f: DashboardFixture
let base: string
let cookie: string

beforeAll(async () => {
  f = await loadDashboardFixture(pool, redis, realStore)
  app.listen({ hostname: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${app.server!.port}`
  cookie = (await signedInAs(base, pool, 'analyst')).cookie
})
afterAll(async () => {
  app.closeLiveStreams()
  await app.stop(true)
  await Promise.all([realStore.close(), reporting.end()])
  await closeTestClients()
})

const api = async (path: string) => (await (await fetch(`${base}/api/v1/dashboard${path}`, { headers: { cookie } })).json()) as any
const page = async (path: string, headers: Record<string, string> = { cookie }) => {
  const response = await fetch(`${base}/admin/dashboard${path}`, { headers, redirect: 'manual' })
  return { status: response.status, headers: response.headers, text: await response.text() }
}
const kpi = (html: string, name: string) => new RegExp(`data-kpi="${name}"><span class="kpi-label">[^<]*</span><strong class="kpi-value">([^<]*)<`).exec(html)?.[1]
const chartBlock = (html: string, id: string) => JSON.parse(new RegExp(`<script type="application/json" id="${id}-config">([^<]*)</script>`).exec(html)![1]!)

test('the page shows the JSON API numbers: KPI cards, live cards and the funnel chart, with the cohort link and the live stream', async () => {
  const expected = await api(`/activity/${f.a1}`)
  const { status, headers, text } = await page(`/${f.a1}`)
  expect(status).toBe(200)
  expect(headers.get('content-type')).toContain('text/html')
  expect(text).toContain('<h1>Knit rush</h1>')
  expect(kpi(text, 'visits')).toBe(expected.overview.totalVisits.toLocaleString('ko-KR'))
  expect(kpi(text, 'purchases')).toBe(String(expected.overview.purchaseCount))
  expect(kpi(text, 'revenue')).toBe(new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW' }).format(expected.overview.revenue))
  expect(kpi(text, 'stock')).toBe(String(expected.realtime.remainingStock))
  expect(kpi(text, 'participants')).toBe(String(expected.realtime.participantCount))
  const funnel = chartBlock(text, 'chart-funnel')
  expect(funnel.chart.data.labels).toEqual(expected.funnel.steps.map((s: any) => s.name))
  expect(funnel.chart.data.datasets[0].data).toEqual(expected.funnel.steps.map((s: any) => s.value))
  expect(chartBlock(text, 'chart-people-funnel').chart.data.datasets[0].data).toEqual(expected.peopleFunnel.steps.map((s: any) => s.people))
  expect(text).toContain(`hx-sse:connect="/admin/dashboard/${f.a1}/stream"`)
  expect(text).toContain(`href="/admin/dashboard/cohort/${f.a1}"`)
  expect(text).not.toContain('widget-error')
})

test('a widget whose store fails shows its own error; the rest of the page still renders', async () => {
  failing.add('hourlyCounts')
  try {
    const { status, text } = await page(`/${f.a2}`)
    expect(status).toBe(200)
    expect(text).toMatch(/id="hourly" data-state="error"[^>]*>[\s\S]*?These numbers could not be loaded just now/)
    expect(text.match(/class="widget-error"/g)?.length).toBe(1)
    expect(text).toContain('id="chart-funnel"')
  } finally {
    failing.clear()
  }
})

test("each chart's CSV holds the chart's numbers unformatted, as an attachment; unknown ids 404, unknown charts 400", async () => {
  const expected = await api(`/activity/${f.a1}`)
  const funnel = await page(`/${f.a1}/csv/funnel`)
  expect(funnel.status).toBe(200)
  expect(funnel.headers.get('content-type')).toContain('text/csv')
  expect(funnel.headers.get('content-disposition')).toBe(`attachment; filename="activity-${f.a1}-funnel.csv"`)
  expect(funnel.text).toBe(['step,count', ...expected.funnel.steps.map((s: any) => `${s.name},${s.value}`), ''].join('\r\n'))
  // a byte order mark, as the campaign and cohort CSVs have: spreadsheets then read Korean names as UTF-8
  const bytes = new Uint8Array(await (await fetch(`${base}/admin/dashboard/${f.a1}/csv/segments-grade`, { headers: { cookie } })).arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const segments = await api(`/activity/${f.a1}/segments`)
  const grades = await page(`/${f.a1}/csv/segments-grade`)
  expect(grades.text).toBe(['grade,revenue', ...segments.byGrade.map((g: any) => `${g.grade},${g.revenue}`), ''].join('\r\n'))
  const comparison = await page(`/${f.a1}/csv/comparison-revenue`)
  expect(comparison.text.split('\r\n')[0]).toBe('day,promotion revenue,normal revenue,normal daily baseline (28 days before)')
  expect((await page('/999999999/csv/funnel')).status).toBe(404)
  expect((await page(`/${f.a1}/csv/weather`)).status).toBe(400)
  expect((await page('/999999999')).status).toBe(404)
  expect((await page('/999999999/stream')).status).toBe(404)
  expect((await page('/01')).status).toBe(400)
})

test('without a session the page, its stream and its CSV send the browser to the login page', async () => {
  for (const path of [`/${f.a1}`, `/${f.a1}/stream`, `/${f.a1}/csv/funnel`]) {
    const { status, headers } = await page(path, {})
    expect({ path, status, location: headers.get('location') }).toEqual({ path, status: 303, location: `/login?next=${encodeURIComponent(`/admin/dashboard${path}`)}` })
  }
  expect(app.liveStats().producers).toBe(0)
})

async function openStream(activityId: number, signal: AbortSignal, as = cookie) {
  const response = await fetch(`${base}/admin/dashboard/${activityId}/stream`, { signal, headers: { cookie: as } })
  expect(response.headers.get('content-type')).toContain('text/event-stream')
  const reader = response.body!.getReader()
  const { value } = await reader.read()
  return { reader, first: new TextDecoder().decode(value) }
}

test('one producer reads per tick for every viewer, and a viewer that leaves is released at once', async () => {
  const one = new AbortController()
  const first = await openStream(f.a1, one.signal)
  expect(first.first).toMatch(/^id: \S+\nretry: 1000\ndata: /)
  expect(first.first).toContain('data-kpi="purchases"')
  await Bun.sleep(2100)
  const before = { ...reads }
  await Bun.sleep(3000)
  const perTickAlone = { store: (reads.store - before.store) / 3, mysql: (reads.mysql - before.mysql) / 3 }

  const many = new AbortController()
  const viewers = await Promise.all(Array.from({ length: 50 }, () => openStream(f.a1, many.signal)))
  expect(viewers.every((v) => v.first.includes('data-kpi="purchases"'))).toBe(true)
  expect(app.liveStats()).toEqual({ producers: 1, viewers: 51 })
  const during = { ...reads }
  await Bun.sleep(3000)
  const perTickShared = { store: (reads.store - during.store) / 3, mysql: (reads.mysql - during.mysql) / 3 }
  expect(perTickShared.store).toBeLessThanOrEqual(perTickAlone.store + 1)
  expect(perTickShared.mysql).toBeLessThanOrEqual(perTickAlone.mysql + 2)
  expect(perTickAlone.mysql).toBeGreaterThan(0)

  many.abort()
  await waitFor(() => app.liveStats().viewers === 1, { timeoutMs: 1000, what: 'the 50 viewers to be released' })
  one.abort()
  await waitFor(() => app.liveStats().producers === 0, { timeoutMs: 1000, what: 'the producer to stop' })
  const stopped = { ...reads }
  await Bun.sleep(1500)
  expect(reads).toEqual(stopped)
}, 20_000)

/** Reads the stream to its end; how long that took. */
async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<number> {
  const started = Date.now()
  while (!(await reader.read()).done);
  return Date.now() - started
}

test('an open stream ends once its viewer may no longer watch: the account disabled, or the campaign taken out of its scope', async () => {
  const disabled = await signedInAs(base, pool, 'analyst')
  const rescoped = await signedInAs(base, pool, 'analyst', [f.campaignId])
  const stop = new AbortController()
  try {
    const [a, b] = await Promise.all([openStream(f.a1, stop.signal, disabled.cookie), openStream(f.a1, stop.signal, rescoped.cookie)])
    expect([a.first, b.first].every((first) => first.includes('data-kpi="purchases"'))).toBe(true)
    await disableAccount(pool, disabled.marketer.email)
    await rescopeAccount(pool, rescoped.marketer.email, [f.campaignId + 1_000_000])
    // the guard trusts what it read of an account for accountRecheckMs, then the stream's next check ends it
    const [endedA, endedB] = await Promise.all([readToEnd(a.reader), readToEnd(b.reader)])
    expect(Math.max(endedA, endedB)).toBeLessThan(accountRecheckMs + 3000)
    // their places in the hub are given up at once, not at the next heartbeat
    await waitFor(() => app.liveStats().viewers === 0, { timeoutMs: 1000, what: 'the ended streams to leave the hub' })
    // and they cannot open it again
    expect((await page(`/${f.a1}/stream`, { cookie: disabled.cookie })).status).toBe(303)
    expect((await page(`/${f.a1}/stream`, { cookie: rescoped.cookie })).status).toBe(404)
  } finally {
    stop.abort()
  }
}, 20_000)
