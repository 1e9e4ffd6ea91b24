/**
 * axon.js and the shopper's privacy choices, in a real headless Chromium: with Do-Not-Track or
 * Global Privacy Control, or on a page that requires opt-in, nothing is sent or stored until
 * axon.consent(true); withdrawing consent stops sending and clears what was kept.
 */
import { expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import type { BehaviorEvent } from '../common/schemas/behavior-event'
import { waitFor } from '../test/support/wait'
import { call, describeInChromium, scrollToBottom, type Shopper, timeoutMs } from './testing/harness'

const names = (events: BehaviorEvent[]) => events.map((e) => e.properties?.name ?? e.triggerType)
/** The tracker's keys in the page's localStorage that hold data (a cleared key reads "undefined"). */
const storedKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('axon_') && !['undefined', '[]'].includes(localStorage[k]!)))

describeInChromium('axon.js consent in Chromium', (harness) => {
  /** Acts as a shopper whose events must not leave, then opts in and checks only later events arrive. */
  async function nothingUntilConsent({ page, events, requests }: Shopper) {
    await page.click('#add')
    await scrollToBottom(page)
    await call(page, 'identify', 42)
    await call(page, 'track', 'before_consent')
    expect(await storedKeys(page)).toEqual([])

    await call(page, 'consent', true)
    await call(page, 'track', 'after_consent')
    await waitFor(() => names(events()).includes('after_consent'), { what: 'the first event after consent' })
    // Granting consent records this page's view; nothing from before it was kept or sent.
    expect(names(events()).sort()).toEqual(['PAGE_VIEW', 'after_consent'])
    expect(events().every((e) => e.userId == null)).toBe(true)
    expect(requests().flatMap((r) => names(r.events))).not.toContain('before_consent')
  }

  for (const signal of ['doNotTrack', 'globalPrivacyControl'] as const) {
    test(`${signal}: nothing is sent or stored until the shopper consents explicitly`, async () => {
      const shopper = await harness().open('/product/1', {
        initScript: new Function(`Object.defineProperty(Navigator.prototype, '${signal}', { get: () => ${signal == 'doNotTrack' ? "'1'" : 'true'} })`) as () => void,
      })
      await nothingUntilConsent(shopper)
    }, timeoutMs)
  }

  test('data-require-consent: opt-in only; withdrawing consent stops sending and clears the stored ids', async () => {
    const shopper = await harness().open('/product/1?snippet-attributes=data-require-consent')
    const { page, events, requests } = shopper
    await nothingUntilConsent(shopper)
    expect(await storedKeys(page)).toContain('axon_ids')

    await call(page, 'consent', false)
    await call(page, 'track', 'after_withdrawal')
    expect(await storedKeys(page)).toEqual(['axon_consent'])
    // The choice is kept: the next page sends nothing either.
    await page.goto(`${harness().shop.origin}/product/2?snippet-attributes=data-require-consent`)
    await call(page, 'track', 'next_page')
    await call(page, 'consent', true)
    await waitFor(() => events().some((e) => e.pageUrl!.endsWith('/product/2?snippet-attributes=data-require-consent')), {
      what: 'the page view once consent is given again',
    })
    const sent = requests().flatMap((r) => names(r.events))
    expect(sent).not.toContain('after_withdrawal')
    expect(sent).not.toContain('next_page')
  }, timeoutMs)
})
