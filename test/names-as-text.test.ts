/**
 * Acceptance 2 of issue 9: a campaign, an activity and a product named `<script>alert(1)</script>`
 * (made through core's admin API, as the forms make them) show as text on every page that names
 * them, in headless Chromium: no dialog opens, the name reads literally, and no element or
 * attribute came out of it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Browser, Page } from 'playwright-core'
import { haveChromium, launchChromium } from '../tracker/testing/browser'
import { testAnalyticsApp } from './support/analytics-app'
import { closeTestClients } from './support/clients'
import { marketerPage } from './support/marketer'

const evil = '<script>alert(1)</script>'
const analytics = testAnalyticsApp('names-as-text-test')
let browser: Browser
let baseUrl: string
let page: Page
const dialogs: string[] = []
const ids = { campaign: 0, activity: 0, product: 0 }

beforeAll(async () => {
  const { call } = analytics.core
  ids.product = (await call('POST', '/api/v1/admin/products', { name: evil, price: 10_000 })).body.id
  ids.campaign = (await call('POST', '/api/v1/admin/campaigns', { name: evil, budget: 100_000 })).body.id
  const activity = await call('POST', `/api/v1/admin/campaigns/${ids.campaign}/activities`, {
    name: evil, productId: ids.product, price: 9_000, limit: 10, startsAt: '2025-11-10T00:00:00Z', endsAt: '2025-11-12T00:00:00Z',
  })
  ids.activity = activity.body.id
  baseUrl = analytics.serve()
  browser = await launchChromium()
  ;({ page } = await marketerPage(browser, baseUrl, analytics.pool, 'admin'))
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
})
afterAll(async () => {
  await browser?.close()
  await analytics.close()
  await closeTestClients()
})

/** Every page that shows one of the names; the ids exist once beforeAll made them. */
const pages: Array<[string, () => string]> = [
  ['campaign list', () => '/admin/campaigns'],
  ['campaign page', () => `/admin/campaigns/${ids.campaign}`],
  ['campaign form', () => `/admin/campaigns/${ids.campaign}/edit`],
  ['activity dashboard', () => `/admin/dashboard/${ids.activity}`],
  ['activity form', () => `/admin/activities/${ids.activity}/edit`],
  ['cohort page', () => `/admin/dashboard/cohort/${ids.activity}`],
  ['product list', () => '/admin/products'],
  ['product form', () => `/admin/products/${ids.product}/edit`],
]

describe.skipIf(!haveChromium)('a name that looks like markup is text on every page', () => {
  for (const [what, path] of pages)
    test(what, async () => {
      const response = await page.goto(`${baseUrl}${path()}`, { waitUntil: 'load' })
      expect(response?.status()).toBe(200)
      // give scripts that would run late (charts, swaps) their chance
      await page.waitForTimeout(300)
      expect(dialogs).toEqual([])
      const shown = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'))
      expect(shown).toContain(evil)
      // every script of the page is ours: a src, or a JSON data block
      const strayScripts = await page.$$eval('script', (scripts) => scripts.filter((s) => !s.src && s.type !== 'application/json').length)
      expect(strayScripts).toBe(0)
    })
})
