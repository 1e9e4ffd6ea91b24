/**
 * The assistant end to end over HTTP, as analytics' main.ts wires it: the real service and tools
 * behind `POST /api/v1/assistant/ask`, a marketer signed in through the login form whose session
 * carries the campaigns it may see, the model a scripted double of the port (or none).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createBuiltInAnalyst } from '../analytics/assistant/analyst'
import type { AssistantModel } from '../analytics/assistant/port'
import { createAssistant } from '../analytics/assistant/service'
import { reportingPool } from '../analytics/reporting/pool'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { testAnalyticsApp } from './support/analytics-app'
import { closeTestClients, testRedis } from './support/clients'
import { loadDashboardFixture, type DashboardFixture } from './support/dashboard-fixture'
import { signedInAs, type SignedIn } from './support/marketer'
import { lastResults, scriptedModel } from './support/scripted-model'

const redis = testRedis('assistant-http-test')
const store = createMysqlBehaviorStore({ connectionLimit: 2 })
const reporting = reportingPool({ connectionLimit: 2 })
const log = createLogger({ process: 'assistant-http-test' }, 'error')

/** A model that looks at the funnel of the activity the question names, else of the one open (the system prompt says), and answers with its purchases. */
const openActivityModel = () =>
  scriptedModel([], (request) => {
    const figures = lastResults(request).activity_dashboard
    if (figures) return { text: [figures.ok ? `${(figures.result as { overview: { purchaseCount: number } }).overview.purchaseCount} purchases.` : `Not found: ${figures.error.code}.`] }
    const question = request.turns.at(-1)!.role === 'user' ? (request.turns.at(-1) as { text: string }).text : ''
    const named = /activity (\d+)/.exec(question) ?? /activity (\d+) open/.exec(request.system)
    return { calls: [{ name: 'activity_dashboard', args: { activityId: Number(named?.[1]) } }] }
  })

function served(model: AssistantModel | undefined) {
  const assistant = createAssistant({ store, reporting, redis, log, registry: createRegistry('assistant-http'), model, analyst: createBuiltInAnalyst() })
  return testAnalyticsApp('assistant-http-test', { assistant })
}

const withModel = served(openActivityModel())
const withoutKey = served(undefined)
let base: string
let mine: DashboardFixture
let other: DashboardFixture
let scoped: SignedIn

beforeAll(async () => {
  base = withModel.serve()
  mine = await loadDashboardFixture(withModel.pool, withModel.redis, withModel.store)
  other = await loadDashboardFixture(withModel.pool, withModel.redis, withModel.store)
  scoped = await signedInAs(base, withModel.pool, 'analyst', [mine.campaignId])
})
afterAll(async () => {
  await Promise.all([withModel.close(), withoutKey.close(), store.close(), reporting.end()])
  await closeTestClients()
})

const ask = (who: SignedIn, body: unknown, headers: Record<string, string> = {}) =>
  who.request('/api/v1/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

test("a question about the open activity is answered from its numbers, with the tool line and its figures", async () => {
  const response = await ask(scoped, { question: "how's this one doing?", activityId: mine.a1 })
  expect(response.status).toBe(200)
  const answer = (await response.json()) as { answerer: string; model: string; text: string; tools: { label: string; outcome: { ok: boolean; result: { overview: { purchaseCount: number } } } }[] }
  expect([answer.answerer, answer.model, answer.text]).toEqual(['model', 'scripted-model', '3 purchases.'])
  expect(answer.tools.map((t) => [t.label, t.outcome.result.overview.purchaseCount])).toEqual([[`funnel of activity ${mine.a1}, all its time`, 3]])
})

test('the session carries what the marketer may see: an activity of another campaign named in the question is refused to the model as unknown, with no figures', async () => {
  const session = (await (await scoped.request('/api/v1/session')).json()) as { account: { campaignIds: number[] } }
  expect(session.account.campaignIds).toEqual([mine.campaignId])
  const response = await ask(scoped, { question: `how is activity ${other.a1} doing?` })
  const answer = (await response.json()) as { text: string; tools: unknown[] }
  expect(answer.text).toBe('Not found: NOT_FOUND.')
  expect(answer.tools).toEqual([{ tool: 'activity_dashboard', label: expect.any(String), args: { activityId: other.a1 }, outcome: { ok: false, error: { code: 'NOT_FOUND', message: `activity ${other.a1} does not exist` } } }])
})

test('the answer streams as server-sent events in order: start, tool, text, done', async () => {
  const response = await ask(scoped, { question: "how's this one doing?", activityId: mine.a1 }, { accept: 'text/event-stream' })
  const names = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1])
  expect(names).toEqual(['start', 'tool', 'text', 'done'])
})

test('without a model key the built-in analyst answers, labelled as such', async () => {
  const url = withoutKey.serve()
  const marketer = await signedInAs(url, withoutKey.pool, 'analyst', [mine.campaignId])
  const answer = (await (await ask(marketer, { question: "how's this one doing?", activityId: mine.a1 })).json()) as { answerer: string; notices: { code: string }[]; tools: unknown[] }
  expect(answer.answerer).toBe('analyst')
  expect(answer.notices.map((n) => n.code)).toEqual(['NO_MODEL'])
  expect(answer.tools.length).toBeGreaterThan(0)
})
