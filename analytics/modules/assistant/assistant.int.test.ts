/**
 * The assistant's page, question form and JSON API through the analytics app, with a scripted
 * Assistant behind the port: who may ask, what a bad question answers, the answer as JSON and as
 * a stream (HTML fragments for the page, JSON events for the API), a refused question's status,
 * what is open going with the question, and every campaign name and answer text shown as text.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { DependencyUnavailable } from '../../../common/errors'
import { conversationHistory } from '../../assistant/history'
import type { AskInput, AssistantEvent } from '../../assistant/port'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../../test/support/dashboard-fixture'
import { send, signedInAs, type SignedIn } from '../../../test/support/marketer'
import { scriptedAssistant } from '../../../test/support/scripted-assistant'

const funnelCall: AssistantEvent = {
  type: 'tool',
  id: 'c1',
  tool: 'activity_dashboard',
  label: 'funnel of activity 12, last 7 days',
  args: { activityId: 12 },
  outcome: { ok: true, result: { activityName: '<script>alert(1)</script> sale', funnel: { steps: [{ name: 'VISIT', value: 1200 }, { name: 'PURCHASE', value: 30 }] }, conversionRate: 2.5 } },
}
const answered: AssistantEvent[] = [
  { type: 'start', answerer: 'model', model: 'gemini-2.0-flash' },
  funnelCall,
  { type: 'text', text: 'Visits were 1,200 but purchases 30: ' },
  { type: 'text', text: 'the drop is <b>after the click</b>.' },
  { type: 'done', rounds: 2, toolCalls: 1 },
]
let script: (input: AskInput) => AssistantEvent[] = () => answered
const assistant = scriptedAssistant((input) => script(input))
const analytics = testAnalyticsApp('assistant-routes-test', { assistant })
const withoutAssistant = testAnalyticsApp('assistant-routes-none-test')
let marketer: SignedIn
let f: DashboardFixture

beforeAll(async () => {
  f = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  marketer = await signedInAs(analytics.app, analytics.pool, 'analyst')
})
afterAll(async () => {
  await Promise.all([analytics.close(), withoutAssistant.close()])
  await closeTestClients()
})

const askApi = (body: unknown, headers: Record<string, string> = {}) =>
  marketer.request('/api/v1/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
const askForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  marketer.request('/admin/assistant/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', accept: 'text/html, text/event-stream', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

/** The data of each server-sent message, in order. */
async function messages(response: Response): Promise<Array<{ event?: string; data: string }>> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7)
      return { event, data: lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n') }
    })
}

test('the assistant page is in the navigation and holds the question form', async () => {
  const response = await marketer.request('/admin/assistant')
  expect(response.status).toBe(200)
  const page = await response.text()
  expect(page).toContain('<a href="/admin/assistant" aria-current="page">Assistant</a>')
  expect(page).toContain('hx-post="/admin/assistant/ask"')
  expect(page).toMatch(/<textarea[^>]+name="question"[^>]+maxlength="2000"/)
  expect(page).toMatch(/src="\/static\/[0-9a-f]+\/hx-sse\.js"/)
  expect(page).toMatch(/src="\/static\/[0-9a-f]+\/assistant\.js"/)
})

test('the page shows the recent questions the assistant remembers for follow-ups, as text', async () => {
  const who = await signedInAs(analytics.app, analytics.pool, 'analyst')
  expect(await (await who.request('/admin/assistant')).text()).toContain('class="assistant-intro"')
  await conversationHistory(analytics.redis, { questions: 6, hours: 1 }).add(who.marketer.id, {
    question: 'How is <b>Knit rush</b> doing?',
    answer: 'It had 8 visits and 3 purchases.',
    used: ['activity_dashboard {"activityId":1}'],
  })
  const page = await (await who.request('/admin/assistant')).text()
  expect(page).toContain('the assistant remembers them, so a follow-up like "and last week?" knows what you meant')
  expect(page).toContain('How is &lt;b&gt;Knit rush&lt;/b&gt; doing?')
  expect(page).toContain('<div class="turn-text">It had 8 visits and 3 purchases.</div>')
  expect(page).toContain('Earlier answer, from 1 look-up of your numbers.')
  expect(page).not.toContain('class="assistant-intro"')
  // another marketer's memory is not shown
  expect(await (await marketer.request('/admin/assistant')).text()).not.toContain('Knit rush')
})

test('without a session the API answers 401 and the page sends to the login', async () => {
  const api = await send(analytics.app, '/api/v1/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ question: 'hi' }) })
  expect(api.status).toBe(401)
  expect(((await api.json()) as any).code).toBe('UNAUTHENTICATED')
  expect((await send(analytics.app, '/admin/assistant')).headers.get('location')).toBe('/login?next=%2Fadmin%2Fassistant')
})

test('the question form and the API refuse a request without the CSRF token', async () => {
  const form = await askForm({ question: 'hi' }, { 'x-csrf-token': 'stale' })
  expect(form.status).toBe(403)
  const api = await askApi({ question: 'hi' }, { 'x-csrf-token': 'stale' })
  expect([api.status, ((await api.json()) as any).code]).toEqual([403, 'CSRF_REFUSED'])
})

test('a bad body answers 400 with a code and a message naming the field', async () => {
  for (const body of [{}, { question: '' }, { question: '   ' }, { question: 'x'.repeat(2001) }, { question: 'ok', campaignId: 0 }, { question: 'ok', activityId: 1.5 }]) {
    const response = await askApi(body)
    const answer = (await response.json()) as any
    expect([response.status, answer.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(answer.message).toStartWith('invalid request: ')
  }
  // the longest question is taken; a field the schema does not name never reaches the assistant
  expect((await (await askApi({ question: 'x'.repeat(2000), sql: 'select 1' })).json()) as any).toMatchObject({ answerer: 'model' })
  expect(Object.keys(assistant.asked.at(-1)!)).toEqual(['account', 'question', 'context'])
  expect(assistant.asked.at(-1)!.context).toEqual({ campaignId: undefined, activityId: undefined })
})

test('the API answers JSON: who answered, the text, each tool with its figures; what is open goes with the question', async () => {
  const response = await askApi({ question: "how's this one doing?", campaignId: f.campaignId, activityId: f.a1 })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({
    answerer: 'model',
    model: 'gemini-2.0-flash',
    text: 'Visits were 1,200 but purchases 30: the drop is <b>after the click</b>.',
    tools: [{ tool: 'activity_dashboard', label: 'funnel of activity 12, last 7 days', args: { activityId: 12 }, outcome: funnelCall.type === 'tool' ? funnelCall.outcome : null }],
    notices: [],
  })
  const input = assistant.asked.at(-1)!
  expect(input.question).toBe("how's this one doing?")
  expect(input.context).toEqual({ campaignId: f.campaignId, activityId: f.a1 })
  expect(input.account).toEqual({ id: marketer.marketer.id, email: marketer.marketer.email, role: 'analyst', campaignIds: 'all' })
})

test('with Accept: text/event-stream the API streams each event as it comes, named by its type', async () => {
  const response = await askApi({ question: 'why?' }, { accept: 'text/event-stream' })
  expect(response.headers.get('content-type')).toStartWith('text/event-stream')
  const events = await messages(response)
  expect(events.map((e) => e.event)).toEqual(['start', 'tool', 'text', 'text', 'done'])
  expect(JSON.parse(events[2]!.data)).toEqual({ text: 'Visits were 1,200 but purchases 30: ' })
  expect(JSON.parse(events[4]!.data)).toEqual({ rounds: 2, toolCalls: 1 })
})

test('the built-in analyst answers labelled as such, and its notice is in the answer', async () => {
  script = () => [
    { type: 'start', answerer: 'analyst' },
    { type: 'notice', code: 'MODEL_UNREACHABLE', message: 'The AI model could not be reached; the built-in analyst answers instead.' },
    { type: 'text', text: 'The biggest drop is from click to approved.' },
    { type: 'done', rounds: 0, toolCalls: 0 },
  ]
  const json = (await (await askApi({ question: 'why?' })).json()) as any
  expect(json.answerer).toBe('analyst')
  expect(json.model).toBeUndefined()
  expect(json.notices).toEqual([{ code: 'MODEL_UNREACHABLE', message: 'The AI model could not be reached; the built-in analyst answers instead.' }])
  const page = (await messages(await askForm({ question: 'why?' }))).map((m) => m.data).join('\n')
  expect(page).toContain('<strong>Built-in analyst</strong> — rules over your numbers, not an AI model')
  expect(page).not.toContain('Gemini')
  expect(page).toContain('<p class="turn-notice" data-code="MODEL_UNREACHABLE" role="status">The AI model could not be reached; the built-in analyst answers instead.</p>')
  script = () => answered
})

test('a rate-limited question answers 429 RATE_LIMITED with when to ask again (also as Retry-After); the page shows it in the conversation', async () => {
  script = () => [{ type: 'error', code: 'RATE_LIMITED', message: 'You asked 20 questions this hour; ask again in 12 minutes.', retryAfterSeconds: 701.2 }]
  const api = await askApi({ question: 'again?' })
  expect([api.status, await api.json()]).toEqual([429, { code: 'RATE_LIMITED', message: 'You asked 20 questions this hour; ask again in 12 minutes.' }])
  expect(api.headers.get('retry-after')).toBe('702')
  const page = await askForm({ question: 'again?' })
  expect(page.status).toBe(429)
  expect(page.headers.get('retry-after')).toBe('702')
  expect(page.headers.get('content-type')).toStartWith('text/html')
  const fragment = await page.text()
  expect(fragment).toContain('<p class="turn-error" data-code="RATE_LIMITED" role="alert">You asked 20 questions this hour; ask again in 12 minutes.</p>')
  expect(fragment).toContain('again?')
  script = () => answered
})

test('503 when the assistant cannot answer at all (none set up, it says so, or what it reads is down); a bug is 500 and logged', async () => {
  const none = await signedInAs(withoutAssistant.app, withoutAssistant.pool)
  const unset = await none.request('/api/v1/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'hi' }) })
  expect([unset.status, ((await unset.json()) as any).code]).toEqual([503, 'ASSISTANT_UNAVAILABLE'])
  script = () => [{ type: 'error', code: 'ASSISTANT_UNAVAILABLE', message: 'neither the model nor the built-in analyst can answer right now' }]
  expect((await askApi({ question: 'hi' })).status).toBe(503)
  script = () => {
    throw new DependencyUnavailable('mysql', new Error('connect ECONNREFUSED'))
  }
  const down = await askApi({ question: 'hi' })
  expect([down.status, await down.json()]).toEqual([503, { code: 'ASSISTANT_UNAVAILABLE', message: 'the numbers cannot be read right now; ask again in a moment' }])
  const page = await askForm({ question: 'hi' })
  expect(page.status).toBe(503)
  expect(await page.text()).toContain('data-code="ASSISTANT_UNAVAILABLE" role="alert">the numbers cannot be read right now; ask again in a moment</p>')
  script = () => {
    throw new TypeError("Cannot read properties of undefined (reading 'steps')")
  }
  const bug = await askApi({ question: 'hi' })
  expect([bug.status, ((await bug.json()) as any).code]).toEqual([500, 'ASSISTANT_FAILED'])
  script = () => answered
})

test('the page form streams the turn, then each event into its place, everything escaped', async () => {
  const response = await askForm({ question: 'Is <script>alert(2)</script> selling?', campaignId: String(f.campaignId) })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toStartWith('text/event-stream')
  const [turn, who, tool, text1, text2, done, ...rest] = (await messages(response)).map((m) => m.data)
  expect(rest).toEqual([])
  const turnId = /<article class="assistant-turn" id="(turn-[0-9a-f]{8})"/.exec(turn!)![1]!
  expect(turn).toContain('Is &lt;script&gt;alert(2)&lt;/script&gt; selling?')
  expect(turn).toContain('<hx-partial hx-target="#assistant-form-error" hx-swap="innerHTML"></hx-partial>')
  expect(who).toBe(`<hx-partial hx-target="#${turnId}-who" hx-swap="innerHTML"><span class="answerer answerer-model"><strong>Gemini gemini-2.0-flash</strong> — an AI model, answering from the numbers listed below it</span></hx-partial>`)
  expect(tool).toStartWith(`<hx-partial hx-target="#${turnId}-tools" hx-swap="beforeend"><li class="turn-tool" data-tool="activity_dashboard"><details>`)
  expect(tool).toContain('<summary>used: funnel of activity 12, last 7 days</summary>')
  expect(tool).toContain('&lt;script&gt;alert(1)&lt;/script&gt; sale')
  expect(tool).toContain('<td class="num">1,200</td>')
  expect(text1).toBe(`<hx-partial hx-target="#${turnId}-text" hx-swap="beforeend">Visits were 1,200 but purchases 30: </hx-partial>`)
  expect(text2).toContain('the drop is &lt;b&gt;after the click&lt;/b&gt;.')
  expect(done).toContain('Answered from 1 look-up of your numbers.')
  for (const message of [turn, who, tool, text1, text2, done]) expect(message).not.toMatch(/<script|<b>/)
  expect(assistant.asked.at(-1)!.context).toEqual({ campaignId: f.campaignId })
})

test('an empty question is refused under the box with a message, and never reaches the assistant', async () => {
  const asked = assistant.asked.length
  for (const question of ['', '   \n ']) {
    const response = await askForm({ question })
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('Type a question first.')
  }
  const long = await askForm({ question: 'x'.repeat(2001) })
  expect([long.status, await long.text()]).toEqual([400, 'That question is too long: at most 2,000 characters.'])
  const badId = await askForm({ question: 'hi', activityId: 'twelve' })
  expect(badId.status).toBe(400)
  expect(await badId.text()).toBe('This question cannot be asked: activityId must be the id of what is open (a whole number); reload the page.')
  expect(assistant.asked.length).toBe(asked)
})

test('an assistant that fails half-way ends the stream with an error the page shows, not a hang', async () => {
  const failing = scriptedAssistant(() => [{ type: 'start', answerer: 'model', model: 'gemini-2.0-flash' }])
  const original = failing.ask
  failing.ask = async function* (input, signal) {
    yield* original(input, signal)
    throw new Error('socket hang up')
  }
  script = () => []
  const app = testAnalyticsApp('assistant-routes-failing-test', { assistant: failing })
  try {
    const who = await signedInAs(app.app, app.pool)
    const response = await who.request('/admin/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'question=hi' })
    const data = (await messages(response)).map((m) => m.data)
    expect(data).toHaveLength(3)
    expect(data[2]).toContain('data-code="ASSISTANT_FAILED"')
    expect(data[2]).toContain('the assistant failed on this question; it has been logged')
  } finally {
    script = () => answered
    await app.close()
  }
})

test('a model slow to begin: the page gets the turn at once and the answer when it comes; a late refusal shows in the turn', async () => {
  let events: AssistantEvent[] = answered
  const slow = testAnalyticsApp('assistant-routes-slow-test', { assistant: scriptedAssistant(() => events, 800) })
  try {
    const who = await signedInAs(slow.app, slow.pool)
    const ask = () => who.request('/admin/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'question=why' })
    const started = performance.now()
    const response = await ask()
    expect(response.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(650)
    const data = (await messages(response)).map((m) => m.data)
    expect(data).toHaveLength(6)
    expect(data[0]).toContain('<article class="assistant-turn"')
    events = [{ type: 'error', code: 'RATE_LIMITED', message: 'Ask again in 3 minutes.' }]
    const late = await ask()
    expect(late.status).toBe(200)
    const lateData = (await messages(late)).map((m) => m.data)
    expect(lateData[1]).toContain('<p class="turn-error" data-code="RATE_LIMITED" role="alert">Ask again in 3 minutes.</p>')
  } finally {
    await slow.close()
  }
})

test('the campaign page and the activity dashboard carry the panel with what is open', async () => {
  const campaign = await (await marketer.request(`/admin/campaigns/${f.campaignId}`)).text()
  expect(campaign).toContain('<h2 id="assistant-panel-title">Ask about this campaign</h2>')
  expect(campaign).toContain(`<input type="hidden" name="campaignId" value="${f.campaignId}">`)
  expect(campaign).not.toContain('name="activityId"')
  expect(campaign).toMatch(/src="\/static\/[0-9a-f]+\/hx-sse\.js"/)
  const activity = await (await marketer.request(`/admin/dashboard/${f.a1}`)).text()
  expect(activity).toContain('<h2 id="assistant-panel-title">Ask about this activity</h2>')
  expect(activity).toContain(`<input type="hidden" name="activityId" value="${f.a1}">`)
  expect(activity).toMatch(/href="\/static\/[0-9a-f]+\/assistant\.css"/)
})

test("what is open must be the marketer's to see: another campaign's or activity's id answers 404 as unknown, unasked", async () => {
  const scoped = await signedInAs(analytics.app, analytics.pool, 'analyst', [f.campaignId + 1000])
  const asked = assistant.asked.length
  const ask = (body: Record<string, unknown>) =>
    scoped.request('/api/v1/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: "how's this one doing?", ...body }) })
  const campaign = await ask({ campaignId: f.campaignId })
  expect([campaign.status, await campaign.json()]).toEqual([404, { code: 'CAMPAIGN_NOT_FOUND', message: `campaign ${f.campaignId} does not exist` }])
  expect(((await (await ask({ activityId: f.a1 })).json()) as any).code).toBe('ACTIVITY_NOT_FOUND')
  const page = await scoped.request('/admin/assistant/ask', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `question=hi&activityId=${f.a1}` })
  expect(page.status).toBe(404)
  expect(await page.text()).toContain(`data-code="ACTIVITY_NOT_FOUND" role="alert">activity ${f.a1} does not exist</p>`)
  expect(assistant.asked.length).toBe(asked)
})

test('the OpenAPI document describes the ask route with its body', async () => {
  const doc = (await (await send(analytics.app, '/docs/json')).json()) as any
  const ask = doc.paths['/api/v1/assistant/ask'].post
  expect(ask.summary).toBe('Ask the marketing assistant a question about the numbers')
  expect(ask.description).toContain('429 RATE_LIMITED')
  const schema = ask.requestBody.content['application/json'].schema
  expect(Object.keys(schema.properties)).toEqual(['question', 'campaignId', 'activityId'])
  expect(schema.properties.question).toMatchObject({ minLength: 1, maxLength: 2000 })
})
