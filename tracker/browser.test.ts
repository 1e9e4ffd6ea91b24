/**
 * axon.js in a real headless Chromium against the real gateway app: a shopper's visit to the
 * storefront, and what reaches the gateway's bus topic (cross-origin, with CORS). Delivery under
 * failure is in browser-delivery.test.ts, consent in browser-consent.test.ts.
 */
import { Value } from '@sinclair/typebox/value'
import { expect, test } from 'bun:test'
import type { ConsoleMessage, Page } from 'playwright-core'
import { behaviorEvent, type BehaviorEvent } from '../common/schemas/behavior-event'
import { waitFor } from '../test/support/wait'
import { call, describeInChromium, scrollToBottom, timeoutMs } from './testing/harness'

const byType = (events: BehaviorEvent[], type: string) => events.filter((e) => e.triggerType == type)
const named = (events: BehaviorEvent[], name: string) => events.find((e) => e.properties?.name == name)

describeInChromium('axon.js in Chromium, against the gateway', (harness) => {
  test('a visit: page views (SPA too), a click, scroll depth, custom and identify events, all valid and normalised', async () => {
    const shopper = await harness().open('/product/1?utm_source=mail')
    const { page } = shopper

    await page.click('#add span') // inside the tracked button: delegation finds it
    await page.click('#plain')
    await scrollToBottom(page)
    await waitFor(() => byType(shopper.events(), 'SCROLL').length == 4, { what: 'four scroll milestones' })
    await page.evaluate(() => {
      history.pushState({}, '', '/product/2')
      history.pushState({}, '', '/product/2') // same URL: no new page view
      history.replaceState({}, '', '/product/2')
    })
    // keys the schema refuses (a space, Hangul, over 64 characters) would cost the whole event: left out
    const refusedKeys = { 'coupon code': 'X15', 상품: 1, ['k'.repeat(65)]: true }
    await call(page, 'track', 'coupon_shown', { couponId: 'X15', discount: 15, shown: true, nested: { no: 1 }, source: 'page', ...refusedKeys })
    await call(page, 'identify', 42)
    await call(page, 'track', 'after_login')
    await page.goto(`${harness().shop.origin}/bye`) // leaving: what waits goes by beacon

    await waitFor(() => shopper.events().length >= 11, { what: 'the visit’s 11 events on the bus' })
    const events = shopper.events()
    expect(events.length).toBe(11) // distinct eventIds: no event sent under two ids, none reused
    expect(events.filter((e) => !Value.Check(behaviorEvent, e))).toEqual([])

    const views = byType(events, 'PAGE_VIEW')
    expect(views.map((e) => e.pageUrl!.replace(harness().shop.origin, '')).sort()).toEqual(['/product/1?utm_source=mail', '/product/2'])

    expect(byType(events, 'CLICK').map((e) => e.properties)).toEqual([{ source: 'tracker', name: 'add-to-cart', productId: 456, variant: 'red' }])

    const scrolls = byType(events, 'SCROLL')
    expect(scrolls.map((e) => e.properties!.scrollDepth).sort()).toEqual([100, 25, 50, 75])
    expect(scrolls.every((e) => e.pageUrl!.includes('/product/1'))).toBe(true)

    expect(named(events, 'queued_before_load')!.properties).toEqual({ source: 'tracker', name: 'queued_before_load', early: true })
    // The tracker's own keys win over the page's; objects are not flat values: null; refused keys are gone.
    expect(named(events, 'coupon_shown')!.properties).toEqual({ source: 'tracker', name: 'coupon_shown', couponId: 'X15', discount: 15, shown: true, nested: null })

    expect(byType(events, 'IDENTIFY').map((e) => e.userId)).toEqual([42])
    expect(named(events, 'after_login')!.userId).toBe(42)
    expect(named(events, 'coupon_shown')!.userId ?? null).toBeNull() // anonymous until identify

    for (const e of events) {
      expect(e).toMatchObject({ campaignId: 7, activityId: 789, anonymousId: events[0]!.anonymousId, sessionId: events[0]!.sessionId })
      expect(e.properties!.source).toBe('tracker')
    }
    // Batched, and always text/plain: a "simple" cross-origin request, no CORS preflight.
    await waitFor(() => shopper.requests().every((r) => r.status > 0), { what: 'the gateway’s answers' })
    expect(shopper.requests().length).toBeLessThan(events.length)
    expect(new Set(shopper.requests().map((r) => r.contentType))).toEqual(new Set(['text/plain;charset=UTF-8']))
    expect(shopper.requests().every((r) => r.status == 200)).toBe(true)
  }, timeoutMs)

  test('the shopper’s anonymous id and user id persist across loads; a new session after 30 idle minutes', async () => {
    const shopper = await harness().open()
    const { page } = shopper
    await call(page, 'identify', 7001)
    await page.goto(`${harness().shop.origin}/product/3`)
    await waitFor(() => shopper.events().some((e) => e.pageUrl!.endsWith('/product/3')), { what: 'the second load’s page view' })
    const first = byType(shopper.events(), 'PAGE_VIEW').find((e) => e.pageUrl!.endsWith('/product/1'))!
    const second = byType(shopper.events(), 'PAGE_VIEW').find((e) => e.pageUrl!.endsWith('/product/3'))!
    expect(second).toMatchObject({ anonymousId: first.anonymousId, sessionId: first.sessionId, userId: 7001 })

    // 31 minutes later: the same shopper, a new session.
    await page.evaluate(() => {
      const [anonymousId, sessionId, seen] = JSON.parse(localStorage.axon_ids)
      localStorage.axon_ids = JSON.stringify([anonymousId, sessionId, seen - 31 * 60_000])
    })
    await call(page, 'track', 'back_after_lunch')
    await waitFor(() => !!named(shopper.events(), 'back_after_lunch'), { what: 'the event after the pause' })
    const later = named(shopper.events(), 'back_after_lunch')!
    expect(later.anonymousId).toBe(first.anonymousId!)
    expect(later.sessionId).not.toBe(first.sessionId!)
  }, timeoutMs)

  test('a page being left sends what waits by beacon, even while a fetch is still in flight', async () => {
    const shopper = await harness().open()
    shopper.interfere({ fetchDelayMs: 3000 }) // a slow network: the fetch is still out when the page goes
    await shopper.page.evaluate(() => {
      ;(window as any).axon.track('last_words')
      location.href = '/bye'
    })
    await waitFor(() => !!named(shopper.events(), 'last_words'), { what: 'the last event on the bus' })
    const beacons = shopper.requests().filter((r) => r.mode == 'no-cors')
    expect(beacons.flatMap((r) => r.events.map((e) => e.properties!.name))).toContain('last_words')
  }, timeoutMs)

  test('debug mode logs every event to the console: data-debug, axon.debug(true) or localStorage.axon_debug=1', async () => {
    const logged = async (page: Page, action: () => Promise<unknown>) => {
      const lines: string[] = []
      const listen = (m: ConsoleMessage) => lines.push(m.text())
      page.on('console', listen)
      await action()
      page.off('console', listen)
      return lines.join('\n')
    }
    const quiet = (await harness().open()).page
    expect(await logged(quiet, () => call(quiet, 'track', 'silent'))).toBe('')
    expect(await logged(quiet, () => call(quiet, 'debug', true).then(() => call(quiet, 'track', 'loud')))).toContain('CUSTOM')

    const byAttribute = (await harness().open('/product/1?snippet-attributes=data-debug')).page
    expect(await logged(byAttribute, () => call(byAttribute, 'track', 'loud'))).toContain('CUSTOM')

    const byStorage = (await harness().open('/product/1', { initScript: () => localStorage.setItem('axon_debug', '1') })).page
    expect(await logged(byStorage, () => call(byStorage, 'track', 'loud'))).toContain('CUSTOM')
  }, timeoutMs)
})
