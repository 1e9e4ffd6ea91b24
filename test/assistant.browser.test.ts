/**
 * The assistant in headless Chromium, signed in, on the real Redis and MariaDB: a question asked on
 * the assistant page streams its answer in (the text is seen growing before it is done), the tool
 * lines open to their figures, who answered is shown, a campaign name with markup stays text, and
 * an empty question is refused under the box. Screenshots go to screenshots/.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import type { AskInput, AssistantEvent } from '../analytics/assistant/port'
import { projectRoot } from '../common/config'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { testAnalyticsApp } from './support/analytics-app'
import { closeTestClients } from './support/clients'
import { loadDashboardFixture, type DashboardFixture } from './support/dashboard-fixture'
import { marketerPage } from './support/marketer'
import { scriptedAssistant } from './support/scripted-assistant'

const words = (text: string): AssistantEvent[] => text.split(/(?<= )/).map((piece) => ({ type: 'text', text: piece }))
const script = (input: AskInput): AssistantEvent[] => [
  { type: 'start', answerer: 'model', model: 'gemini-2.0-flash' },
  {
    type: 'tool',
    id: 'c1',
    tool: 'activity_dashboard',
    label: `funnel of activity ${input.context?.activityId ?? 12}, last 7 days`,
    args: { activityId: input.context?.activityId ?? 12 },
    outcome: { ok: true, result: { name: '<script>window.hacked=1</script> Knit rush', overview: { totalVisits: 1200, purchaseCount: 30, revenue: 1_170_000, conversionRate: 2.5 } } },
  },
  ...words('Visits were 1,200 but only 30 bought (2.5%). The biggest drop is after the click: try a clearer price on the product page.'),
  { type: 'done', rounds: 2, toolCalls: 1 },
]
const assistant = scriptedAssistant(script, 60)
const analytics = testAnalyticsApp('assistant-browser', { assistant })
const screenshots = `${projectRoot}/screenshots`
let browser: Browser
let base: string
let fixture: DashboardFixture

beforeAll(async () => {
  if (!haveChromium) throw new Error('this browser test needs /usr/bin/chromium (./axon test installs it)')
  fixture = await loadDashboardFixture(analytics.pool, analytics.redis, analytics.store)
  base = analytics.serve()
  browser = await launchChromium()
  mkdirSync(screenshots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  analytics.app.closeLiveStreams()
  await analytics.close()
  await closeTestClients()
})

async function open(path: string): Promise<Page> {
  const { page } = await marketerPage(browser, base, analytics.pool, 'analyst')
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(String(error)))
  page.on('console', (message) => message.type() === 'error' && failures.push(message.text()))
  ;(page as any).failures = failures
  await page.goto(`${base}${path}`)
  // every text the answer shows while it is written
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

const answered = (page: Page) => page.waitForSelector('.assistant-turn:last-child .turn-status:has-text("Answered from")', { timeout: 10_000 })

test('a question on the assistant page: the answer streams in, the tool line opens to its figures, names stay text', async () => {
  const page = await open('/admin/assistant')
  await ask(page, 'Visitors were high but purchases low — why, and what should I try? <script>window.hacked=2</script>')
  await page.waitForFunction(() => ((window as any).answerTexts as string[]).length >= 8)
  expect(await page.textContent('.assistant-turn .turn-status')).toContain('Writing…')
  await page.screenshot({ path: `${screenshots}/assistant-streaming.png`, fullPage: true })
  await answered(page)
  const final = 'Visits were 1,200 but only 30 bought (2.5%). The biggest drop is after the click: try a clearer price on the product page.'
  expect(await page.textContent('.assistant-turn .turn-text')).toBe(final)
  const seen = (await page.evaluate(() => (window as any).answerTexts)) as string[]
  // written in pieces: the page showed a part of the answer before the whole
  expect(seen.filter((text) => text.length < final.length && final.startsWith(text)).length).toBeGreaterThan(3)
  expect(await page.textContent('.assistant-turn .turn-who')).toContain('Gemini gemini-2.0-flash')
  expect(await page.textContent('.assistant-turn .turn-question')).toContain('<script>window.hacked=2</script>')
  expect(await page.inputValue('#assistant-question')).toBe('')

  const tool = page.locator('.turn-tool details').first()
  expect(await tool.getAttribute('open')).toBeNull()
  expect(await page.textContent('.turn-tool summary')).toBe('used: funnel of activity 12, last 7 days')
  await page.click('.turn-tool summary')
  expect(await tool.getAttribute('open')).toBe('')
  const figures = await page.textContent('.turn-tool .tool-figures')
  expect(figures).toContain('<script>window.hacked=1</script> Knit rush')
  expect(figures).toContain('1,200')
  expect(figures).toContain('2.5%')
  expect(await page.isVisible('.turn-tool table.figures')).toBe(true)
  expect(await page.evaluate(() => (window as any).hacked)).toBeUndefined()
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/assistant-answer.png`, fullPage: true })
  await page.context().close()
}, 30_000)

test('an empty question is refused under the box and asks nothing', async () => {
  const page = await open('/admin/assistant')
  const asked = assistant.asked.length
  await ask(page, '   ')
  await page.waitForSelector('#assistant-form-error:has-text("Type a question first.")')
  expect(await page.locator('.assistant-turn').count()).toBe(0)
  expect(assistant.asked.length).toBe(asked)
  await page.screenshot({ path: `${screenshots}/assistant-empty-question.png` })
  await page.context().close()
}, 30_000)

test('the panel on the activity dashboard answers about the open activity', async () => {
  const page = await open(`/admin/dashboard/${fixture.a1}`)
  await ask(page, "how's this one doing?")
  await answered(page)
  expect(assistant.asked.at(-1)!.context).toEqual({ campaignId: fixture.campaignId, activityId: fixture.a1 })
  expect(await page.textContent('#assistant-panel .turn-tool summary')).toBe(`used: funnel of activity ${fixture.a1}, last 7 days`)
  await page.locator('#assistant-panel').scrollIntoViewIfNeeded()
  await page.click('#assistant-panel .turn-tool summary')
  await page.locator('#assistant-panel').screenshot({ path: `${screenshots}/assistant-activity-panel.png` })
  // later answers in the panel's scrolling conversation stay in view as they are written
  const logNow = () =>
    page.evaluate(() => {
      const element = document.getElementById('assistant-log')!
      return { overflows: element.scrollHeight > element.clientHeight, fromEnd: element.scrollHeight - element.scrollTop - element.clientHeight }
    })
  for (let turn = 2; turn <= 4 && !(await logNow()).overflows; turn++) {
    await ask(page, 'and what should I try?')
    await page.waitForFunction((n) => document.querySelectorAll('#assistant-panel .turn-status')[n - 1]?.textContent?.includes('Answered from'), turn)
  }
  const log = await logNow()
  expect(log.overflows).toBe(true)
  expect(log.fromEnd).toBeLessThan(2)
  expect((page as any).failures).toEqual([])
  await page.context().close()
}, 30_000)

test('on the campaign page a suggested question is asked with one click, about the open campaign', async () => {
  const page = await open(`/admin/campaigns/${fixture.campaignId}`)
  await page.locator('#assistant-panel').scrollIntoViewIfNeeded()
  await page.click('#assistant-panel button.suggestion >> nth=0')
  await answered(page)
  expect(assistant.asked.at(-1)!.question).toBe("How's this campaign doing?")
  expect(assistant.asked.at(-1)!.context).toEqual({ campaignId: fixture.campaignId })
  expect(await page.textContent('#assistant-panel .turn-question')).toContain("How's this campaign doing?")
  expect((page as any).failures).toEqual([])
  await page.screenshot({ path: `${screenshots}/assistant-campaign-panel.png`, fullPage: true })
  await page.context().close()
}, 30_000)
