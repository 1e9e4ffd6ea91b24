/**
 * The assistant's tools on the real MariaDB and Redis with the dashboards' hand-computed fixture:
 * exactly the read-only dashboard functions, declared from their API schemas; arguments validated;
 * another campaign answered as unknown; failures returned, never thrown.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { activityDashboard } from '../dashboards/activity'
import { campaignDashboardParams } from '../dashboards/campaign'
import { cohortParams } from '../dashboards/cohort'
import { reportingPool } from '../reporting/pool'
import { createMysqlBehaviorStore } from '../store/mysql'
import { createLogger } from '../../common/log'
import { closeTestClients, testPool, testRedis } from '../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../test/support/dashboard-fixture'
import type { SignedInAccount } from '../accounts/model'
import { assistantTools, type ToolDeps } from './tools'

const pool = testPool(2)
const redis = testRedis('tools-test')
const store = createMysqlBehaviorStore({ connectionLimit: 2 })
const reporting = reportingPool({ connectionLimit: 2 })
const deps: ToolDeps = { store, reporting, redis, log: createLogger({ process: 'tools-test' }, 'error') }
let mine: DashboardFixture
let other: DashboardFixture
let scoped: SignedInAccount
const everything: SignedInAccount = { id: 1, email: 'admin@shop.test', role: 'admin', campaignIds: 'all' }

beforeAll(async () => {
  mine = await loadDashboardFixture(pool, redis, store)
  other = await loadDashboardFixture(pool, redis, store)
  scoped = { id: 2, email: 'ann@shop.test', role: 'analyst', campaignIds: [mine.campaignId] }
})
afterAll(async () => {
  await Promise.all([store.close(), reporting.end()])
  await closeTestClients()
})

describe('what is offered', () => {
  const { declarations } = assistantTools(deps, everything)

  test('exactly the dashboard tools, nothing else', () => {
    expect(declarations.map((d) => d.name)).toEqual([
      'list_campaigns', 'list_activities', 'activity_dashboard', 'campaign_dashboard', 'promotion_comparison',
      'hourly_inflow', 'cohort_analysis', 'segments', 'activity_costs', 'shop_repeat_rate',
    ])
  })

  test('no parameter takes SQL or query text: every text is a date, a choice from a list, or the list of widgets', () => {
    for (const d of declarations) {
      expect(d.name).not.toMatch(/sql|query|search|demograph|age|gender|delete|update|create/)
      for (const [name, schema] of Object.entries((d.parameters as { properties: Record<string, { type?: string; enum?: unknown[] }> }).properties)) {
        expect({ tool: d.name, name }).not.toEqual({ tool: d.name, name: expect.stringMatching(/sql|query|filter|where|expr|search|text/i) })
        if (schema.type !== 'string') expect({ tool: d.name, name, type: schema.type }).toEqual({ tool: d.name, name, type: 'integer' })
        else expect({ tool: d.name, name, kind: schema.enum ? 'choice' : name.endsWith('Date') ? 'date' : name }).toEqual({ tool: d.name, name, kind: expect.stringMatching(/^(choice|date|widgets)$/) })
      }
    }
  })

  test('each declaration is its API schema: the same parameters, required ones and descriptions', () => {
    const byName = Object.fromEntries(declarations.map((d) => [d.name, d.parameters as { properties: Record<string, { description?: string; enum?: string[] }>; required?: string[] }]))
    expect(Object.keys(byName.campaign_dashboard!.properties)).toEqual(Object.keys(campaignDashboardParams.properties))
    expect(byName.cohort_analysis!.required).toEqual(cohortParams.required!)
    expect(byName.cohort_analysis!.properties.retention!.enum).toEqual(['rolling', 'calendar'])
    expect(byName.campaign_dashboard!.properties.period!.enum).toEqual(['1d', '7d', '30d', 'custom'])
    expect(byName.cohort_analysis!.properties.startDate!.description).toContain('2025-11-28')
  })
})

describe('calling', () => {
  test('a tool answers the numbers of its dashboard function', async () => {
    const outcome = await assistantTools(deps, scoped).call('activity_dashboard', { activityId: mine.a1 })
    const direct = JSON.parse(JSON.stringify(await activityDashboard(deps, { activityId: mine.a1 })))
    expect(outcome.ok).toBe(true)
    const result = (outcome as { result: typeof direct }).result
    expect(result.funnel).toEqual(direct.funnel)
    expect(result.overview).toEqual(direct.overview)
    expect(result.activityName).toBe('Knit rush')
  })

  test('invalid arguments come back as INVALID_ARGUMENTS naming the field, before anything runs', async () => {
    const tools = assistantTools(deps, everything)
    const wrongType = await tools.call('activity_dashboard', { activityId: 'twelve' })
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/^activityId /) } })
    const missing = await tools.call('cohort_analysis', { activityId: mine.a1, startDate: '2025-11-01' })
    expect(missing).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: 'endDate is required' } })
    const extra = await tools.call('segments', { activityId: mine.a1, sql: 'SELECT * FROM users' })
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/^sql is not an argument of segments/) } })
    const badWidget = await tools.call('campaign_dashboard', { campaignId: mine.campaignId, widgets: 'demographics' })
    expect(badWidget).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/^widgets has an unknown widget "demographics"/) } })
  })

  test("names every object has (constructor, toString, __proto__) are not arguments either", async () => {
    const tools = assistantTools(deps, everything)
    for (const name of ['constructor', 'toString', '__proto__']) {
      const args = JSON.parse(`{"activityId": ${mine.a1}, ${JSON.stringify(name)}: "x"}`) as Record<string, unknown>
      expect(await tools.call('segments', args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(new RegExp(`^${name} is not an argument of segments`)) } })
    }
  })

  test("another campaign and its activities answer NOT_FOUND exactly as unknown ids, with no figures", async () => {
    const tools = assistantTools(deps, scoped)
    const unknownId = 9_000_000_000_000
    for (const [name, args, unknownArgs] of [
      ['activity_dashboard', { activityId: other.a1 }, { activityId: unknownId }],
      ['cohort_analysis', { activityId: other.a2, startDate: '2025-11-01', endDate: '2025-11-30' }, { activityId: unknownId, startDate: '2025-11-01', endDate: '2025-11-30' }],
      ['campaign_dashboard', { campaignId: other.campaignId }, { campaignId: unknownId }],
      ['list_activities', { campaignId: other.campaignId }, { campaignId: unknownId }],
      ['activity_costs', { campaignId: other.campaignId }, { campaignId: unknownId }],
    ] as const) {
      const refused = await tools.call(name, args)
      const unknown = await tools.call(name, unknownArgs)
      const id = Object.values(args)[0]
      expect(refused).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(new RegExp(`^(campaign|activity) ${id} does not exist$`)) } })
      expect(unknown).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: (refused as { error: { message: string } }).error.message.replace(String(id), String(unknownId)) } })
    }
    // an id given as digits is the same id, and as refused
    expect(await tools.call('activity_dashboard', { activityId: String(other.a1) })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `activity ${other.a1} does not exist` } })
    const own = await tools.call('activity_costs', { campaignId: String(mine.campaignId) })
    expect(own.ok).toBe(true)
  })

  test('list_campaigns shows the campaigns the account may see', async () => {
    const ids = async (account: SignedInAccount) => {
      const outcome = (await assistantTools(deps, account).call('list_campaigns', {})) as { ok: true; result: { items: { id: number }[] } }
      return outcome.result.items.map((c) => c.id)
    }
    expect(await ids(scoped)).toEqual([mine.campaignId])
    expect(await ids(everything)).toEqual(expect.arrayContaining([mine.campaignId, other.campaignId]))
  })

  test('an unknown tool is an outcome, not an exception', async () => {
    const outcome = await assistantTools(deps, everything).call('delete_campaign', { campaignId: mine.campaignId })
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOOL', message: expect.stringContaining('list_campaigns') } })
  })

  test('labels say what was asked', () => {
    const tools = assistantTools(deps, everything)
    expect(tools.label('campaign_dashboard', { campaignId: 3, widgets: 'funnel', period: '7d' })).toBe('funnel of campaign 3, last 7 days')
    expect(tools.label('activity_dashboard', { activityId: 12 })).toBe('funnel of activity 12, all its time')
    expect(tools.label('cohort_analysis', { activityId: 12, startDate: '2025-11-01', endDate: '2025-11-30' })).toBe("LTV, CAC and retention of activity 12's customers, 2025-11-01 to 2025-11-30")
  })
})
