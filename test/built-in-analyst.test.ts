/**
 * Acceptance 3 of issue 10: the built-in analyst gives the right diagnosis on three simulated
 * scenarios, each made by the simulators through the real platform (gateway, core and analytics as
 * processes) and answered through the assistant's real tools:
 * - healthy: an activity with stock for everyone, most holds paid — no step below its mark;
 * - sold out: 8 units for a few hundred visitors — the CLICK → APPROVED drop, "stock ran out";
 * - low repeat: two finished activities moved 200 days back, whose customers buy again rarely (L)
 *   and often (S) — L's repeat rate is named below the shop's average, with a follow-up offer.
 * The figures the answers must carry come from what the simulators did (their ground truth).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Registry } from 'prom-client'
import type { SignedInAccount } from '../analytics/accounts/model'
import { createBuiltInAnalyst } from '../analytics/assistant/analyst'
import type { AssistantEvent } from '../analytics/assistant/port'
import { createAssistant } from '../analytics/assistant/service'
import { assistantTools, type ToolDeps } from '../analytics/assistant/tools'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { createMysqlPool, type Pool } from '../common/clients/mysql'
import { createRedis, type Redis } from '../common/clients/redis'
import { createLogger } from '../common/log'
import { jobsRanSince } from '../loadtest/simulators/core-jobs'
import { simulateJourney, type JourneyResult } from '../loadtest/simulators/journey'
import { simulateLtv } from '../loadtest/simulators/ltv'
import { platformClient, type PlatformClient } from '../loadtest/simulators/platform-client'
import { simulateTimeTravel } from '../loadtest/simulators/time-travel'
import { format } from '../views/format'
import { createMarketer, signedInAs } from './support/marketer'
import { ownMariadb, ownRedis, type OwnServer } from './support/own-servers'
import { startPlatform, type Platform } from './support/platform'
import { waitFor } from './support/wait'

const shopTimeZone = 'Asia/Seoul'
const quiet = () => {}

let mariadb: OwnServer
let redisServer: OwnServer
let platform: Platform
let client: PlatformClient
let pool: Pool
let redis: Redis
let deps: ToolDeps
let account: SignedInAccount

type Scenario = { campaignId: number; activityId: number; journey: JourneyResult }
let healthy: Scenario
let soldOut: Scenario
let low: Scenario & { ltv: Awaited<ReturnType<typeof simulateLtv>> }
let often: Scenario & { ltv: Awaited<ReturnType<typeof simulateLtv>> }

async function activity(name: string, limit: number, budget: number) {
  const campaign = await client.admin('POST', '/campaigns', { name: `${name} campaign`, budget })
  const product = await client.admin('POST', '/products', { name: `${name} product`, price: 60_000 })
  const window = { startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), status: 'ACTIVE' }
  const made = await client.admin('POST', `/campaigns/${campaign.id}/activities`, { name, productId: product.id, price: 30_000, limit, ...window })
  return { campaignId: campaign.id as number, activityId: made.id as number }
}

async function journey(name: string, limit: number, budget: number, seed: number, visitors: number, holdOutcomes = { pay: 0.9, cancel: 0.1 }): Promise<Scenario> {
  const made = await activity(name, limit, budget)
  const run = await simulateJourney(client, {
    activityIds: [made.activityId], visitors, seed, resendShare: 0, holdOutcomes, holdTtlSeconds: 30, waitForExpiry: false, shopTimeZone, progress: quiet,
  })
  return { ...made, journey: run }
}

/** Every event and purchase of the scenario is stored: the dashboards see what the simulator did. */
async function caughtUp({ activityId, journey: run }: Scenario) {
  const truth = run.activities[0]!
  const sent = Object.values(truth.events).reduce((sum: number, n) => sum + (n ?? 0), 0)
  await waitFor(
    async () => {
      const [[events]] = (await pool.query('SELECT COUNT(*) AS n FROM behavior_events WHERE activity_id = ?', [activityId])) as any
      const [[bought]] = (await pool.query('SELECT COUNT(*) AS n FROM purchases WHERE campaign_activity_id = ?', [activityId])) as any
      return Number(events.n) >= sent && Number(bought.n) === truth.overview.purchaseCount
    },
    { timeoutMs: 120_000, intervalMs: 250, what: `activity ${activityId}'s ${sent} events and ${truth.overview.purchaseCount} purchases stored` },
  )
}

async function finishedWithRepurchases(name: string, seed: number, neverReturnShare: number) {
  const scenario = await journey(name, 500, 2_000_000, seed, 250)
  await caughtUp(scenario)
  await simulateTimeTravel(client, { activityId: scenario.activityId, days: 200, env: 'test', progress: quiet })
  const ltv = await simulateLtv(client, { activityId: scenario.activityId, journey: scenario.journey, seed, neverReturnShare, shopTimeZone, progress: quiet })
  return { ...scenario, ltv }
}

beforeAll(async () => {
  ;[mariadb, redisServer] = await Promise.all([ownMariadb('axon_analyst'), ownRedis()])
  platform = await startPlatform({ redisUrl: redisServer.url, mysqlUrl: mariadb.url, settings: { shopTimeZone, cohortSummaryIntervalSeconds: 1 } })
  const { gateway, core, analytics } = platform.processes
  pool = createMysqlPool({ url: mariadb.url, connectionLimit: 4 })
  const marketer = await signedInAs(analytics.url, pool, 'analyst')
  client = platformClient({ gatewayUrl: gateway.url, coreUrl: core.url, analyticsUrl: analytics.url, internalToken: platform.internalToken, analyticsCookie: marketer.cookie })
  redis = createRedis({ name: 'analyst-test', url: redisServer.url })
  deps = { store: createMysqlBehaviorStore({ url: mariadb.url, connectionLimit: 2 }), reporting: pool, redis, log: createLogger({ process: 'analyst-test' }, 'error') }
  const { id, email, role, campaignIds } = marketer.marketer
  account = { id, email, role, campaignIds }

  low = await finishedWithRepurchases('Rarely back', 31, 0.9)
  often = await finishedWithRepurchases('Often back', 32, 0.1)
  healthy = await journey('Plenty', 1_000, 1_000_000, 33, 300)
  soldOut = await journey('Eight units', 8, 1_000_000, 34, 300, { pay: 1, cancel: 0 })
  await Promise.all([caughtUp(healthy), caughtUp(soldOut)])
  // the cohorts are summed by core's job: a run that starts once every purchase is stored
  const loaded = Date.now()
  await jobsRanSince(client, loaded, { jobs: ['cohort summaries'], timeoutMs: 60_000, progress: quiet })
}, 600_000)

afterAll(async () => {
  await Promise.all([pool?.end(), redis?.quit(), deps?.store.close()])
  await platform?.stop()
  await Promise.all([mariadb?.remove(), redisServer?.remove()])
})

async function ask(question: string, context?: { activityId?: number; campaignId?: number }, who = account) {
  const events: AssistantEvent[] = []
  for await (const event of createBuiltInAnalyst().answer({ question, context }, assistantTools(deps, who), new AbortController().signal)) events.push(event)
  const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')
  const tools = events.flatMap((e) => (e.type === 'tool' ? [e] : []))
  return { events, text, tools }
}

const f = format
const steps = (s: Scenario) => s.journey.activities[0]!.peopleFunnel.steps as Array<{ name: string; people: number; rate: number }>

describe('the built-in analyst on simulated scenarios', () => {
  test('a healthy funnel: no step below its mark, the largest loss named with its figures', async () => {
    const [visit, click, approved, purchase] = steps(healthy)
    expect([click!.rate >= 20, approved!.rate >= 40, purchase!.rate >= 60]).toEqual([true, true, true])
    const { text, tools } = await ask("how's this one doing?", { activityId: healthy.activityId })
    expect(text).toStartWith('Built-in analyst')
    expect(text).toContain(`Activity ${healthy.activityId} "Plenty"`)
    const lowest = [[visit, click], [click, approved], [approved, purchase]].sort(([, a], [, b]) => a!.rate - b!.rate)[0]!
    expect(text).toContain(
      `Funnel: healthy — no step below its mark. The largest loss is ${lowest[0]!.name} → ${lowest[1]!.name}: ${f.count(lowest[1]!.people)} of ${f.count(lowest[0]!.people)} people (${f.percent(lowest[1]!.rate)}) went on`,
    )
    expect(text).not.toContain('Biggest drop-off')
    // one activity sharing nothing: its cost is the campaign's budget, its customers bought nothing else
    const ratio = Math.round((healthy.journey.activities[0]!.overview.revenue / 1_000_000) * 100) / 100
    expect(text).toContain(`LTV/CAC: ${f.decimal(ratio)} — ${ratio < 1 ? 'poor' : ratio <= 3 ? 'fair' : 'healthy'}`)
    // the same tools the model uses, each call shown with its figures
    expect(tools.map((t) => t.tool)).toEqual(['activity_dashboard', 'hourly_inflow', 'cohort_analysis', 'shop_repeat_rate'])
    expect(tools.every((t) => t.outcome.ok && t.label.length > 0)).toBe(true)
  })

  test('a click → approved drop: the step, its figures, the stock that ran out and what to try', async () => {
    const [, click, approved] = steps(soldOut)
    expect(approved!.people).toBe(8)
    const { text } = await ask('visitors were high but purchases low; why, and what should I try?', { activityId: soldOut.activityId })
    expect(text).toContain(`Biggest drop-off: CLICK → APPROVED — 8 of ${f.count(click!.people)} people (${f.percent(approved!.rate)}) went on, below the 40% this step should keep.`)
    expect(text).toContain(`The stock ran out: 8 units were held for ${f.count(click!.people)} clickers. Raise the limit, or split the drop into two time slots`)
  })

  test("a low repeat rate: below the shop's average, with a follow-up offer", async () => {
    const lowCohort = low.ltv.cohort
    const oftenCohort = often.ltv.cohort
    const repeaters = (c: typeof lowCohort) => Math.round((c.repeatPurchaseRate * c.totalCustomers) / 100)
    const shopRate = Math.round(((repeaters(lowCohort) + repeaters(oftenCohort)) / (lowCohort.totalCustomers + oftenCohort.totalCustomers)) * 10_000) / 100
    expect(lowCohort.repeatPurchaseRate).toBeLessThan(shopRate * 0.9)
    const { text, tools } = await ask(`how did activity ${low.activityId} do with returning customers?`)
    expect(text).toContain(`Repeat purchase rate: ${f.percent(lowCohort.repeatPurchaseRate)} of ${f.count(lowCohort.totalCustomers)} customers, below the shop's average of ${f.percent(shopRate)}.`)
    expect(text).toContain(`LTV/CAC: ${f.decimal(lowCohort.ltvCacRatioCurrent)}`)
    expect(text).toMatch(/Send a follow-up offer on day (3|7) after the first purchase/)
    const shop = tools.find((t) => t.tool === 'shop_repeat_rate')!
    expect(shop.outcome).toMatchObject({ ok: true, result: { totalCustomers: lowCohort.totalCustomers + oftenCohort.totalCustomers, repeatPurchaseRate: shopRate } })
    // the shop's average is over the campaigns the asker may see: here, only the low one's
    const scoped = await createMarketer(pool, 'analyst', [low.campaignId])
    const seen = assistantTools(deps, { id: scoped.id, email: scoped.email, role: scoped.role, campaignIds: scoped.campaignIds })
    expect(await seen.call('shop_repeat_rate', shop.args)).toMatchObject({ ok: true, result: { totalCustomers: lowCohort.totalCustomers, repeatPurchaseRate: lowCohort.repeatPurchaseRate } })
  })
})

describe('as the assistant answers without a model', () => {
  test('the service names the built-in analyst as the answerer, says why, and frames its tools and text', async () => {
    const assistant = createAssistant({ ...deps, registry: new Registry(), analyst: createBuiltInAnalyst() })
    const events: AssistantEvent[] = []
    for await (const event of assistant.ask({ account, question: "how's this one doing?", context: { activityId: soldOut.activityId } }, new AbortController().signal)) events.push(event)
    expect(events[0]).toEqual({ type: 'start', answerer: 'analyst' })
    expect(events[1]).toMatchObject({ type: 'notice', code: 'NO_MODEL' })
    expect(events.at(-1)).toEqual({ type: 'done', rounds: 0, toolCalls: 4 })
    const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')
    expect(text).toStartWith('Built-in analyst (fixed rules')
    expect(text).toContain('Biggest drop-off: CLICK → APPROVED')
    expect(text).not.toMatch(/\b(AI|language model says|Gemini)\b/)
  })
})

describe('what the built-in analyst will not do', () => {
  test('data the platform does not record is "not recorded", with no tool called and nothing invented', async () => {
    const { text, tools } = await ask('Which age group and gender bought most, and what did they search for?', { activityId: healthy.activityId })
    expect(text).toContain('Not recorded: the platform does not record age, gender, search terms')
    expect(tools).toEqual([])
    expect(text).not.toMatch(/\d+ ?%/)
  })

  test('an activity of a campaign the account may not see is not read', async () => {
    const other = await createMarketer(pool, 'analyst', [healthy.campaignId])
    const { text } = await ask(`how is activity ${soldOut.activityId} doing?`, undefined, { id: other.id, email: other.email, role: other.role, campaignIds: other.campaignIds })
    expect(text).toContain(`I cannot read activity ${soldOut.activityId}`)
    expect(text).not.toContain('Eight units')
  })

})

describe('which activity it looks at', () => {
  test("on a campaign's page, its most recent activity; a named activity of it by its name", async () => {
    const open = await ask("how's this one doing?", { campaignId: healthy.campaignId })
    expect(open.text).toContain(`Looking at the most recent activity of campaign ${healthy.campaignId}, ${healthy.activityId} "Plenty".`)
    expect(open.tools.map((t) => t.tool)).toEqual(['list_activities', 'activity_dashboard', 'hourly_inflow', 'cohort_analysis', 'shop_repeat_rate'])
    const named = await ask('and how did Eight units do?', { campaignId: soldOut.campaignId })
    expect(named.text).toContain(`Activity ${soldOut.activityId} "Eight units"`)
  })

  test('with nothing open or named, the most recent activity the account sees', async () => {
    const { text } = await ask('how are we doing?')
    expect(text).toContain(`No activity was named or open: looking at the most recent activity of campaign ${soldOut.campaignId}, ${soldOut.activityId} "Eight units".`)
  })
})
