/**
 * The assistant service on the real Redis and MariaDB (the dashboards' fixture), its model a
 * scripted double of the port: no key or a failing model hands the question to the built-in
 * analyst with a notice and names it as the answerer; history is kept, bounded and sent; questions
 * are rate limited per marketer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { createRegistry } from '../../common/metrics'
import { assistantHistoryKey } from '../../common/redis/keys'
import { closeTestClients, testPool, testRedis } from '../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../test/support/dashboard-fixture'
import { lastResults, scriptedModel, type ScriptStep } from '../../test/support/scripted-model'
import type { SignedInAccount } from '../accounts/model'
import { reportingPool } from '../reporting/pool'
import { createMysqlBehaviorStore } from '../store/mysql'
import type { AssistantEvent, AssistantModel, BuiltInAnalyst } from './port'
import { createAssistant, type AssistantSettings } from './service'

const pool = testPool(2)
const redis = testRedis('assistant-service-test')
const store = createMysqlBehaviorStore({ connectionLimit: 2 })
const reporting = reportingPool({ connectionLimit: 2 })
const log = createLogger({ process: 'assistant-service-test' }, 'error')
let fixture: DashboardFixture

beforeAll(async () => {
  fixture = await loadDashboardFixture(pool, redis, store)
})
afterAll(async () => {
  await Promise.all([store.close(), reporting.end()])
  await closeTestClients()
})

const settings: AssistantSettings = { maxRounds: 4, maxOutputTokens: 256, modelTimeoutMs: 5_000, historyQuestions: 2, historyHours: 1, questionsPerHour: 50 }

/** An analyst that reads through the tools it is given, as the real one does, and says so. */
const listingAnalyst: BuiltInAnalyst = {
  async *answer(_input, tools) {
    const outcome = await tools.call('list_campaigns', {})
    yield { type: 'tool', id: 'analyst-1', tool: 'list_campaigns', label: tools.label('list_campaigns', {}), args: {}, outcome }
    const count = outcome.ok ? (outcome.result as { items: unknown[] }).items.length : 0
    yield { type: 'text', text: `Built-in analyst: you see ${count} campaign(s).` }
  },
}

let nextAccount = 1_000
function account(campaignIds: SignedInAccount['campaignIds'] = 'all'): SignedInAccount {
  const id = ++nextAccount + Math.floor(Math.random() * 1_000_000)
  return { id, email: `m${id}@shop.test`, role: 'analyst', campaignIds }
}

function assistant(model: AssistantModel | undefined, overrides: Partial<AssistantSettings> = {}) {
  const registry = createRegistry('assistant-service-test')
  return { registry, assistant: createAssistant({ store, reporting, redis, log, registry, model, analyst: listingAnalyst, settings: { ...settings, ...overrides } }) }
}

async function ask(a: ReturnType<typeof assistant>['assistant'], who: SignedInAccount, question: string, context?: { activityId?: number; campaignId?: number }) {
  const events: AssistantEvent[] = []
  for await (const event of a.ask({ account: who, question, context }, new AbortController().signal)) events.push(event)
  return events
}

const types = (events: AssistantEvent[]) => events.map((e) => e.type)
const textOf = (events: AssistantEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')
const metric = async (registry: ReturnType<typeof createRegistry>, name: string, labels: Record<string, string>) =>
  (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value

describe('who answers', () => {
  test('without a model the built-in analyst answers, named as such, after a notice saying why', async () => {
    const { assistant: a, registry } = assistant(undefined)
    const events = await ask(a, account([fixture.campaignId]), 'how is it going?')
    expect(types(events)).toEqual(['start', 'notice', 'tool', 'text', 'done'])
    expect(events[0]).toEqual({ type: 'start', answerer: 'analyst' })
    expect(events[1]).toMatchObject({ type: 'notice', code: 'NO_MODEL', message: expect.stringContaining('built-in analyst') })
    expect(textOf(events)).toBe('Built-in analyst: you see 1 campaign(s).')
    expect(await metric(registry, 'axon_assistant_fallbacks_total', { reason: 'no_key' })).toBe(1)
  })

  test('a model over its quota: a notice says so and the analyst answers; the start names the analyst, not the model', async () => {
    const { assistant: a, registry } = assistant(scriptedModel([{ fail: 'quota' }]))
    const events = await ask(a, account(), 'why are purchases low?')
    expect(events[0]).toEqual({ type: 'start', answerer: 'analyst' })
    expect(events[1]).toMatchObject({ type: 'notice', code: 'MODEL_QUOTA', message: expect.stringContaining('over its quota') })
    expect(types(events).slice(2)).toEqual(['tool', 'text', 'done'])
    expect(await metric(registry, 'axon_assistant_model_errors_total', { reason: 'quota' })).toBe(1)
    expect(await metric(registry, 'axon_assistant_questions_total', { answerer: 'analyst' })).toBe(1)
  })

  test('a model that never answers is given up after the timeout, and the analyst answers', async () => {
    const { assistant: a } = assistant(scriptedModel([{ hang: true }]), { modelTimeoutMs: 300 })
    const started = performance.now()
    const events = await ask(a, account(), 'how is it going?')
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(events[1]).toMatchObject({ type: 'notice', code: 'MODEL_TIMEOUT', message: expect.stringContaining('too slow') })
    expect(textOf(events)).toStartWith('Built-in analyst')
  })

  test('a model failing after it began: its tool line stays, a notice says the analyst goes on', async () => {
    const model = scriptedModel([{ text: ['Looking at the funnel. '], calls: [{ name: 'activity_dashboard', args: { activityId: fixture.a1 } }] }, { fail: 'unreachable' }])
    const events = await ask(assistant(model).assistant, account(), 'how is the knit rush?')
    expect(types(events)).toEqual(['start', 'text', 'tool', 'notice', 'tool', 'text', 'done'])
    expect(events[0]).toEqual({ type: 'start', answerer: 'model', model: 'scripted-model' })
    expect(events[3]).toMatchObject({ code: 'MODEL_UNREACHABLE', message: expect.stringContaining('built-in analyst answers') })
  })

  test('a question that is empty or too long is refused before anything runs', async () => {
    const model = scriptedModel([])
    const { assistant: a } = assistant(model)
    expect(await ask(a, account(), '   ')).toEqual([{ type: 'error', code: 'INVALID_QUESTION', message: expect.any(String) }])
    expect((await ask(a, account(), 'x'.repeat(2001)))[0]).toMatchObject({ code: 'INVALID_QUESTION' })
    expect(model.requests).toHaveLength(0)
  })
})

describe('history', () => {
  const answerFromTools: ScriptStep = (request) => {
    const result = lastResults(request).activity_dashboard
    if (!result) return { calls: [{ name: 'activity_dashboard', args: { activityId: fixture.a1 } }] }
    const purchases = result.ok ? (result.result as { overview: { purchaseCount: number } }).overview.purchaseCount : 'unknown'
    return { text: [`Activity ${fixture.a1} had ${purchases} purchases.`] }
  }

  test('"and last week?" reaches the model with the earlier question, its answer and the tools it used', async () => {
    const model = scriptedModel([], answerFromTools)
    const { assistant: a } = assistant(model)
    const who = account()
    await ask(a, who, 'how many purchases did the knit rush have?')
    await ask(a, who, 'and last week?')
    const second = model.requests[2]!
    expect(second.turns.slice(0, 3)).toEqual([
      { role: 'user', text: 'how many purchases did the knit rush have?' },
      { role: 'model', text: `Activity ${fixture.a1} had 3 purchases.\n\n(Figures from: activity_dashboard {"activityId":${fixture.a1}})`, toolCalls: [] },
      { role: 'user', text: 'and last week?' },
    ])
  })

  test('is bounded to the last questions, per marketer, and expires', async () => {
    const model = scriptedModel([], { text: ['ok'] })
    const { assistant: a } = assistant(model)
    const who = account()
    for (const q of ['first?', 'second?', 'third?']) await ask(a, who, q)
    await ask(a, who, 'fourth?')
    const userTurns = model.requests.at(-1)!.turns.filter((t) => t.role === 'user').map((t) => (t as { text: string }).text)
    expect(userTurns).toEqual(['second?', 'third?', 'fourth?'])
    const ttl = await redis.ttl(assistantHistoryKey(who.id))
    expect(ttl).toBeGreaterThan(3000)
    expect(ttl).toBeLessThanOrEqual(3600)
    // another marketer starts without it
    await ask(a, account(), 'mine?')
    expect(model.requests.at(-1)!.turns).toEqual([{ role: 'user', text: 'mine?' }])
  })
})

test('questions are rate limited per marketer: over the limit an error says when to ask again, and nothing runs', async () => {
  const model = scriptedModel([], { text: ['ok'] })
  const { assistant: a, registry } = assistant(model, { questionsPerHour: 2 })
  const who = account()
  await ask(a, who, 'one?')
  await ask(a, who, 'two?')
  const refused = await ask(a, who, 'three?')
  expect(refused).toEqual([{ type: 'error', code: 'RATE_LIMITED', message: expect.stringMatching(/^You have asked 2 questions this hour\. Ask again in \d+ minutes? \(\d+ s\)\.$/), retryAfterSeconds: expect.any(Number) }])
  // the wait the message states is the one the API puts in Retry-After
  const { message, retryAfterSeconds } = refused[0] as { message: string; retryAfterSeconds: number }
  expect(retryAfterSeconds).toBeGreaterThan(0)
  expect(retryAfterSeconds).toBeLessThanOrEqual(3600)
  expect(message).toContain(`(${retryAfterSeconds} s)`)
  expect(model.requests).toHaveLength(2)
  expect(types(await ask(a, account(), 'someone else?'))).toEqual(['start', 'text', 'done'])
  expect(await metric(registry, 'axon_assistant_questions_total', { answerer: 'rate_limited' })).toBe(1)
})

describe('the loop', () => {
  test('a marketer who leaves mid-answer stops it: no further model turn, nothing kept in the history', async () => {
    const model = scriptedModel([{ calls: [{ name: 'activity_dashboard', args: { activityId: fixture.a1 } }] }], { text: ['never sent'] })
    const { assistant: a } = assistant(model)
    const who = account()
    const leaving = new AbortController()
    const events: AssistantEvent[] = []
    for await (const event of a.ask({ account: who, question: 'how is it?' }, leaving.signal)) {
      events.push(event)
      if (event.type === 'tool') leaving.abort()
    }
    expect(types(events)).toEqual(['start', 'tool'])
    expect(model.requests).toHaveLength(1)
    expect(await redis.exists(assistantHistoryKey(who.id))).toBe(0)
  })

  test('a turn asking for more than 8 tools gets the rest back as errors, not run', async () => {
    const calls = Array.from({ length: 9 }, () => ({ name: 'list_campaigns', args: {} }))
    const model = scriptedModel([{ calls }, { text: ['fine'] }])
    const events = await ask(assistant(model).assistant, account(), 'everything at once?')
    const outcomes = events.flatMap((e) => (e.type === 'tool' ? [e.outcome.ok ? 'ok' : e.outcome.error.code] : []))
    expect(outcomes).toEqual([...Array(8).fill('ok'), 'TOO_MANY_CALLS'])
  })
})
