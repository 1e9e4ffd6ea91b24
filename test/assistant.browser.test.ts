/**
 * The assistant in headless Chromium (acceptance 4 of issue 10), signed in, on the real Redis and
 * MariaDB and the real assistant service: with the scripted AssistantModel double behind the port
 * (the Gemini API is unreachable here) a question on the assistant page streams its answer in —
 * written from the real numbers the tools returned — and its tool line opens to those figures;
 * the activity panel asks about the open activity; without a model key the built-in analyst
 * answers, labelled as such. Markup in an activity name stays text. Screenshots go to screenshots/.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { createBuiltInAnalyst } from '../analytics/assistant/analyst'
import type { AssistantModel, ModelRequest } from '../analytics/assistant/port'
import { assistantSettings, createAssistant, type AssistantSettings } from '../analytics/assistant/service'
import { reportingPool } from '../analytics/reporting/pool'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import { config, projectRoot } from '../common/config'
import { createLogger } from '../common/log'
import { createRegistry } from '../common/metrics'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { testAnalyticsApp } from './support/analytics-app'
import { closeTestClients, testRedis } from './support/clients'
import { loadDashboardFixture, type DashboardFixture } from './support/dashboard-fixture'
import { marketerPage } from './support/marketer'
import { lastResults, scriptedModel, type ScriptedTurn } from './support/scripted-model'

const markupName = 'Knit rush <script>window.hacked=1</script>'
let fixture: DashboardFixture

/** The words of `text` as separate pieces, as a model streams them. */
const pieces = (text: string) => text.split(/(?<= )/)

/**
 * What the scripted model does with a question: look up the activity the question names or the
 * page has open (the system prompt says which), or the open campaign's activities; then write its
 * answer from the figures the tools returned.
 */
function modelTurn(request: ModelRequest): ScriptedTurn {
  const last = request.turns.at(-1)!
  if (last.role === 'user') {
    const activityId = /activity (\d+)/.exec(last.text)?.[1] ?? /has activity (\d+) open/.exec(request.system)?.[1]
    if (activityId) return { calls: [{ name: 'activity_dashboard', args: { activityId: Number(activityId) } }] }
    const campaignId = /has campaign (\d+) open/.exec(request.system)?.[1] ?? fixture.campaignId
    return { calls: [{ name: 'list_activities', args: { campaignId: Number(campaignId) } }] }
  }
  const results = lastResults(request)
  const dashboard = results.activity_dashboard
  if (dashboard?.ok) {
    const { activityName, overview } = dashboard.result as { activityName: string; overview: { totalVisits: number; totalClicks: number; purchaseCount: number } }
    return {
      text: pieces(
        `${activityName} had ${overview.totalVisits} visits, ${overview.totalClicks} clicks and ${overview.purchaseCount} purchases (funnel of activity ${(dashboard.result as { activityId: number }).activityId}). ` +
          'The biggest drop is from visit to click: try a clearer offer above the fold, and check the click rate moves.',
      ),
    }
  }
  const activities = results.list_activities
  if (activities?.ok) return { text: pieces(`This campaign has ${(activities.result as unknown[]).length} activities; open one to ask about its funnel.`) }
  return { text: ['I could not read those numbers.'] }
}

/** The scripted model under the configured model's name, writing each text piece 40 ms apart (a stream a person can watch). */
function pacedModel(): AssistantModel & { requests: ModelRequest[] } {
  const model = scriptedModel([], modelTurn)
  return {
    name: config.geminiModel,
    requests: model.requests,
    async *generate(request) {
      for await (const chunk of model.generate(request)) {
        if (chunk.type === 'text') await Bun.sleep(40)
        yield chunk
      }
    },
  }
}

const redis = testRedis('assistant-browser-service')
const store = createMysqlBehaviorStore({ connectionLimit: 2 })
const reporting = reportingPool({ connectionLimit: 2 })
const log = createLogger({ process: 'assistant-browser' }, 'error')

/** The analytics app with the real assistant service as main.ts wires it, its model a double (or none). */
function served(name: string, model: AssistantModel | undefined, settings?: AssistantSettings) {
  const assistant = createAssistant({ store, reporting, redis, log, registry: createRegistry(name), model, analyst: createBuiltInAnalyst(), settings })
  return testAnalyticsApp(name, { assistant })
}

const model = pacedModel()
const withModel = served('assistant-browser', model)
const withoutKey = served('assistant-browser-analyst', undefined)
// a model that cannot be reached, and one question per hour
const unreachable = served('assistant-browser-unreachable', scriptedModel([], { fail: 'unreachable' }), { ...assistantSettings(), questionsPerHour: 1 })
const screenshots = `${projectRoot}/screenshots`
let browser: Browser

beforeAll(async () => {
  if (!haveChromium) throw new Error('this browser test needs /usr/bin/chromium (./axon test installs it)')
  fixture = await loadDashboardFixture(withModel.pool, withModel.redis, withModel.store)
  await withModel.pool.query('UPDATE campaign_activities SET name = ? WHERE id = ?', [markupName, fixture.a1])
  browser = await launchChromium()
  mkdirSync(screenshots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  for (const app of [withModel, withoutKey, unreachable]) {
    app.app.closeLiveStreams()
    await app.close()
  }
  await Promise.all([store.close(), reporting.end()])
  await closeTestClients()
})

const bases = new Map<typeof withModel, string>()

async function open(app: typeof withModel, path: string): Promise<Page> {
  const base = bases.get(app) ?? bases.set(app, app.serve()).get(app)!
  const { page } = await marketerPage(browser, base, app.pool, 'analyst')
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(String(error)))
  page.on('console', (message) => message.type() === 'error' && failures.push(message.text()))
  ;(page as any).failures = failures
  await page.goto(`${base}${path}`)
  // every text the newest answer shows while it is written
  await page.evaluate(() => {
    const seen: string[] = ((window as any).answerTexts = [])
    new MutationObserver(() => {
      const text = document.querySelector('.assistant-turn:last-child .turn-text')?.textContent ?? ''
      if (text && seen.at(-1) !== text) seen.push(text)
    }).observe(document.getElementById('assistant-log')!, { childList: true, subtree: true, characterData: true })
  })
  return page
}

async function ask(page: Page, question: string) {
  await page.fill('#assistant-question', question)
  await page.click('.assistant-form button[type="submit"]')
}

const answered = (page: Page, nth = 1) =>
  page.waitForFunction((n) => document.querySelectorAll('.assistant-turn .turn-status')[n - 1]?.textContent?.includes('Answered from'), nth, { timeout: 15_000 })

const activityApi = (page: Page, id: number) => page.evaluate((url) => fetch(url).then((r) => r.json()), `/api/v1/dashboard/activity/${id}`) as Promise<any>

test("the assistant page: the model's answer streams in from the real numbers, its tool line opens to them, names stay text", async () => {
  const page = await open(withModel, '/admin/assistant')
  const api = await activityApi(page, fixture.a1)
  await ask(page, `How is activity ${fixture.a1} doing? <script>window.hacked=2</script>`)
  await page.waitForFunction(() => ((window as any).answerTexts as string[]).length >= 6)
  expect(await page.textContent('.assistant-turn .turn-status')).toContain('Writing…')
  await page.screenshot({ path: `${screenshots}/assistant-streaming.png`, fullPage: true })
  await answered(page)

  const final = `${markupName} had ${api.overview.totalVisits} visits, ${api.overview.totalClicks} clicks and ${api.overview.purchaseCount} purchases (funnel of activity ${fixture.a1}). The biggest drop is from visit to click: try a clearer offer above the fold, and check the click rate moves.`
  expect(await page.textContent('.assistant-turn .turn-text')).toBe(final)
  // written in pieces: the page showed parts of the answer before the whole
  const seen = (await page.evaluate(() => (window as any).answerTexts)) as string[]
  expect(seen.filter((text) => text.length < final.length && final.startsWith(text)).length).toBeGreaterThan(5)
  expect(await page.textContent('.assistant-turn .turn-who')).toContain(`Gemini ${config.geminiModel}`)
  expect(await page.textContent('.assistant-turn .turn-question')).toContain('<script>window.hacked=2</script>')
  expect(await page.inputValue('#assistant-question')).toBe('')

  const tool = page.locator('.turn-tool details').first()
  expect(await tool.getAttribute('open')).toBeNull()
  expect(await page.textContent('.turn-tool summary')).toBe(`used: funnel of activity ${fixture.a1}, all its time`)
  await page.click('.turn-tool summary')
  expect(await tool.getAttribute('open')).toBe('')
  expect(await page.isVisible('.turn-tool table.figures')).toBe(true)
  const figure = (label: string) => page.textContent(`.turn-tool tr:has(th:text-is("${label}")) td`)
  expect(await figure('activity name')).toBe(markupName)
  expect(await figure('total visits')).toBe(api.overview.totalVisits.toLocaleString('en'))
  expect(await figure('purchase count')).toBe(String(api.overview.purchaseCount))
  expect(await page.evaluate(() => (window as any).hacked)).toBeUndefined()
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/assistant-answer.png`, fullPage: true })
  // what the assistant remembers for follow-ups is on the page when it opens again
  await page.reload()
  expect(await page.textContent('.turn-past .turn-question')).toContain('<script>window.hacked=2</script>')
  expect(await page.textContent('.turn-past .turn-text')).toBe(final)
  expect(await page.evaluate(() => (window as any).hacked)).toBeUndefined()
  await page.context().close()
}, 40_000)

test('an empty question is refused under the box and asks nothing', async () => {
  const page = await open(withModel, '/admin/assistant')
  const asked = model.requests.length
  await ask(page, '   ')
  await page.waitForSelector('#assistant-form-error:has-text("Type a question first.")')
  expect(await page.locator('.assistant-turn').count()).toBe(0)
  expect(model.requests.length).toBe(asked)
  await page.screenshot({ path: `${screenshots}/assistant-empty-question.png` })
  await page.context().close()
}, 30_000)

test('the panel on the activity dashboard answers about the open activity, and follows later answers', async () => {
  const page = await open(withModel, `/admin/dashboard/${fixture.a1}`)
  await ask(page, "how's this one doing?")
  await answered(page)
  expect(model.requests.at(-1)!.system).toContain(`The marketer has activity ${fixture.a1} open (campaign ${fixture.campaignId})`)
  expect(await page.textContent('#assistant-panel .turn-tool summary')).toBe(`used: funnel of activity ${fixture.a1}, all its time`)
  await page.locator('#assistant-panel').scrollIntoViewIfNeeded()
  await page.click('#assistant-panel .turn-tool summary')
  await page.locator('#assistant-panel').screenshot({ path: `${screenshots}/assistant-activity-panel.png` })
  // later answers in the panel's scrolling conversation stay in view as they are written, even
  // after the marketer scrolled up to read an earlier one
  await page.evaluate(() => {
    document.getElementById('assistant-log')!.scrollTop = 0
  })
  await Bun.sleep(200) // the scroll event arrives with the next frame
  const logNow = () =>
    page.evaluate(() => {
      const element = document.getElementById('assistant-log')!
      return { overflows: element.scrollHeight > element.clientHeight, fromEnd: element.scrollHeight - element.scrollTop - element.clientHeight }
    })
  for (let turn = 2; turn === 2 || (turn <= 4 && !(await logNow()).overflows); turn++) {
    await ask(page, 'and what should I try?')
    await answered(page, turn)
  }
  const log = await logNow()
  expect(log.overflows).toBe(true)
  expect(log.fromEnd).toBeLessThan(2)
  expect((page as any).failures).toEqual([])
  await page.context().close()
}, 60_000)

test('on the campaign page a suggested question is asked with one click, about the open campaign', async () => {
  const page = await open(withModel, `/admin/campaigns/${fixture.campaignId}`)
  await page.locator('#assistant-panel').scrollIntoViewIfNeeded()
  await page.click('#assistant-panel button.suggestion >> nth=0')
  await answered(page)
  expect(model.requests.at(-1)!.system).toContain(`The marketer has campaign ${fixture.campaignId} open`)
  expect(await page.textContent('#assistant-panel .turn-question')).toContain("How's this campaign doing?")
  expect(await page.textContent('#assistant-panel .turn-text')).toBe('This campaign has 2 activities; open one to ask about its funnel.')
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/assistant-campaign-panel.png`, fullPage: true })
  await page.context().close()
}, 30_000)

test('without a model key the built-in analyst answers the open activity, labelled as the built-in analyst', async () => {
  const page = await open(withoutKey, `/admin/dashboard/${fixture.a1}`)
  await ask(page, "how's this one doing?")
  await answered(page)
  const who = await page.textContent('#assistant-panel .turn-who')
  expect(who).toBe('Built-in analyst — rules over your numbers, not an AI model')
  expect(await page.textContent('#assistant-panel .turn-notice[data-code="NO_MODEL"]')).toContain('the built-in analyst answers from the same numbers')
  const tools = await page.locator('#assistant-panel .turn-tool summary').allTextContents()
  expect(tools).toContain(`used: funnel of activity ${fixture.a1}, all its time`)
  expect((await page.textContent('#assistant-panel .turn-text'))!.length).toBeGreaterThan(40)
  expect(await page.textContent('#assistant-panel .turn-answer')).not.toContain('Gemini')
  await page.click('#assistant-panel .turn-tool summary >> nth=0')
  expect(await page.isVisible('#assistant-panel .turn-tool table.figures')).toBe(true)
  expect(await page.evaluate(() => (window as any).hacked)).toBeUndefined()
  expect((page as any).failures).toEqual([])
  await page.locator('#assistant-panel').screenshot({ path: `${screenshots}/assistant-built-in-analyst.png` })
  await page.context().close()
}, 30_000)

test('a model that cannot be reached is said plainly and the built-in analyst answers; a question over the hour limit shows when to ask again', async () => {
  const page = await open(unreachable, `/admin/dashboard/${fixture.a1}`)
  await ask(page, "how's this one doing?")
  await answered(page)
  expect(await page.textContent('#assistant-panel .turn-who')).toBe('Built-in analyst — rules over your numbers, not an AI model')
  expect(await page.textContent('#assistant-panel .turn-notice[data-code="MODEL_UNREACHABLE"]')).toBe(
    'The language model cannot be reached right now. The built-in analyst answers from the same numbers instead.',
  )
  await ask(page, 'and last week?')
  const refused = page.locator('#assistant-panel .assistant-turn').nth(1)
  await refused.locator('.turn-error[data-code="RATE_LIMITED"]').waitFor()
  expect(await refused.locator('.turn-question').textContent()).toContain('and last week?')
  expect(await refused.locator('.turn-error').textContent()).toMatch(/^You have asked 1 questions this hour\. Ask again in \d+ minutes? \(\d+ s\)\.$/)
  expect(await page.isEnabled('#assistant-panel button[type="submit"]')).toBe(true)
  expect(await page.inputValue('#assistant-question')).toBe('and last week?')
  await page.locator('#assistant-panel').screenshot({ path: `${screenshots}/assistant-unreachable-and-limited.png` })
  await page.context().close()
}, 30_000)
