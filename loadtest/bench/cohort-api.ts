/**
 * Cohort benchmark: fills a database of its own with a year of purchases (1,000,000 by default:
 * promotion first purchases of 10 activities, one of them acquiring 100,000 customers, and normal
 * orders spread over the year), lets core's cohort summary job summarise them (the backfill, then
 * a run after 1,000 more orders), and times the cohort API over HTTP: cache misses (the cost of
 * computing an answer) and cache hits. Prints the figures as Markdown tables.
 *
 *   bun loadtest/bench/cohort-api.ts [--purchases N] [--customers N] [--largest N] [--requests N]
 */
import { parseArgs } from 'node:util'
import { Elysia } from 'elysia'
import { cohortRoutes } from '../../analytics/modules/cohort'
import { reportingPool } from '../../analytics/reporting/pool'
import { createMysqlPool, type Pool } from '../../common/clients/mysql'
import { createRedis } from '../../common/clients/redis'
import { config } from '../../common/config'
import { errorHandling } from '../../common/http/errors'
import { createLogger } from '../../common/log'
import { refreshCohortSummaries, type CohortSummaryRun } from '../../core/jobs/cohort-summaries'
import { prepareDatabase } from '../../infra/local/database'
import { benchMain, progress } from './bench-main'
import { benchMysql } from './bench-mysql'
import { benchRedis } from './bench-redis'
import { positive } from './options'
import { table } from './report'

const usage = `usage: bun loadtest/bench/cohort-api.ts [options]
  --purchases N   purchases in all (default 1,000,000)
  --customers N   shoppers (default 250,000)
  --largest N     customers the largest activity acquires (default 100,000; the nine others 10,000 each)
  --requests N    timed requests per question (default 100)`

interface Options {
  purchases: number
  customers: number
  largest: number
  requests: number
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { purchases: { type: 'string' }, customers: { type: 'string' }, largest: { type: 'string' }, requests: { type: 'string' } } })
  const options = {
    purchases: positive('--purchases', values.purchases ?? '1000000'),
    customers: positive('--customers', values.customers ?? '250000'),
    largest: positive('--largest', values.largest ?? '100000'),
    requests: positive('--requests', values.requests ?? '100'),
  }
  if (options.largest > options.customers) throw new Error('--largest cannot exceed --customers')
  return options
}

const day = 86_400_000
const activities = 10
const batchRows = 5000

/** mulberry32: the same data on every run */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296
  }
}

async function insertRows(pool: Pool, sql: string, rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += batchRows) await pool.query(sql, [rows.slice(i, i + batchRows)])
}

interface Filled {
  activityIds: number[]
  yearStart: number
  seconds: number
}

async function fill(pool: Pool, o: Options, now: number): Promise<Filled> {
  const started = performance.now()
  const rand = random(8)
  const yearStart = now - 400 * day
  await insertRows(pool, 'INSERT INTO users (id) VALUES ?', Array.from({ length: o.customers }, (_, i) => [i + 1]))
  const [campaign] = await pool.query<any>("INSERT INTO campaigns (name, budget) VALUES ('Cohort bench', 5000000)")
  const [product] = await pool.query<any>("INSERT INTO products (name, price) VALUES ('Bench product', 30000)")
  const activityIds: number[] = []
  for (let k = 0; k < activities; k++) {
    const startsAt = new Date(yearStart + k * 35 * day)
    const [made] = await pool.query<any>(
      'INSERT INTO campaign_activities (campaign_id, name, product_id, price, limit_count, starts_at, ends_at, status) VALUES (?, ?, ?, 19900, ?, ?, ?, ?)',
      [campaign.insertId, `Bench activity ${k + 1}`, product.insertId, o.largest, startsAt, new Date(startsAt.getTime() + 3 * day), 'ENDED'],
    )
    activityIds.push(made.insertId)
  }
  const rows: unknown[][] = []
  activityIds.forEach((activityId, k) => {
    const acquired = k === 0 ? o.largest : Math.min(10_000, o.customers)
    const firstUser = k === 0 ? 0 : Math.floor(rand() * (o.customers - acquired))
    for (let i = 0; i < acquired; i++)
      rows.push([`bench-${rows.length}`, activityId, firstUser + i + 1, product.insertId, 19900, new Date(yearStart + k * 35 * day + rand() * 3 * day)])
  })
  while (rows.length < o.purchases)
    rows.push([`bench-${rows.length}`, null, 1 + Math.floor(rand() * o.customers), product.insertId, 1000 + Math.floor(rand() * 99_000), new Date(yearStart + rand() * 399 * day)])
  progress(`inserting ${rows.length.toLocaleString('en')} purchases`)
  await insertRows(pool, 'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES ?', rows)
  return { activityIds, yearStart, seconds: (performance.now() - started) / 1000 }
}

async function timedJob(pool: Pool): Promise<CohortSummaryRun & { seconds: number }> {
  const started = performance.now()
  const run = await refreshCohortSummaries(pool, { timeZone: config.shopTimeZone })
  return { ...run, seconds: (performance.now() - started) / 1000 }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
}

async function timeRequests(url: string, requests: number) {
  for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer()
  const times: number[] = []
  let body: any
  for (let i = 0; i < requests; i++) {
    const started = performance.now()
    const response = await fetch(url)
    body = await response.json()
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), customers: body.totalCustomers as number, bytes: JSON.stringify(body).length }
}

async function run(o: Options): Promise<number> {
  const mysql = await benchMysql()
  const redisServer = await benchRedis('everysec')
  await prepareDatabase(mysql.url)
  const pool = createMysqlPool({ url: mysql.url, connectionLimit: 4 })
  const reporting = reportingPool({ url: mysql.url })
  const redis = createRedis({ name: 'cohort-bench', url: redisServer.url })
  try {
    const now = Date.now()
    const filled = await fill(pool, o, now)
    progress(`filled in ${filled.seconds.toFixed(1)} s; summarising`)
    const backfill = await timedJob(pool)
    await insertRows(pool, 'INSERT INTO purchases (order_id, campaign_activity_id, user_id, product_id, price, purchased_at) VALUES ?',
      Array.from({ length: 1000 }, (_, i) => [`bench-late-${i}`, null, 1 + ((i * 7919) % o.customers), 1, 5000, new Date(now - i * 60_000)]))
    const incremental = await timedJob(pool)
    console.log(table(['job run', 'customers', 'purchases read', 'chunks', 'seconds'], [
      ['backfill', backfill.customers, backfill.rows, backfill.chunks, backfill.seconds.toFixed(1)],
      ['1,000 new orders', incremental.customers, incremental.rows, incremental.chunks, incremental.seconds.toFixed(2)],
    ].map((r) => r.map(String))))

    const log = createLogger({ process: 'cohort-bench' }, 'warn')
    const deps = { reporting, redis, log }
    const miss = new Elysia().use(errorHandling(log)).use(cohortRoutes({ ...deps, cacheSeconds: 0 })).listen({ hostname: '127.0.0.1', port: 0 })
    const hit = new Elysia().use(errorHandling(log)).use(cohortRoutes(deps)).listen({ hostname: '127.0.0.1', port: 0 })
    const dates = (from: number, days: number) =>
      `startDate=${new Date(from).toISOString().slice(0, 10)}&endDate=${new Date(from + days * day).toISOString().slice(0, 10)}`
    const [largest, other] = filled.activityIds as [number, number]
    const questions: Array<[string, string]> = [
      [`largest activity (${o.largest.toLocaleString('en')}), rolling`, `${largest}?${dates(filled.yearStart - day, 30)}`],
      [`largest activity, calendar`, `${largest}?${dates(filled.yearStart - day, 30)}&retention=calendar`],
      ['a 10,000-customer activity, rolling', `${other}?${dates(filled.yearStart + 34 * day, 30)}`],
    ]
    const rows: string[][] = []
    for (const [what, path] of questions)
      for (const [cache, server] of [['miss', miss], ['hit', hit]] as const) {
        const figures = await timeRequests(`http://127.0.0.1:${server.server!.port}/api/v1/dashboard/cohort/activity/${path}`, o.requests)
        rows.push([what, cache, figures.customers.toLocaleString('en'), String(o.requests), figures.p50.toFixed(1), figures.p95.toFixed(1), figures.bytes.toLocaleString('en')])
      }
    console.log(`\n${table(['cohort', 'cache', 'customers', 'requests', 'p50 ms', 'p95 ms', 'answer bytes'], rows)}`)
    console.log(`\n${o.purchases.toLocaleString('en')} purchases, ${o.customers.toLocaleString('en')} shoppers; ${mysql.description}; ${redisServer.description}`)
    await Promise.all([miss.stop(), hit.stop()])
    return 0
  } finally {
    await Promise.all([pool.end(), reporting.end(), redis.quit()])
    await Promise.all([mysql.stop(), redisServer.stop()])
  }
}

process.exit(await benchMain(process.argv.slice(2), usage, parse, run))
