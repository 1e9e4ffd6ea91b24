/**
 * axon.js delivery under failure, in a real headless Chromium against the real gateway app:
 * retries keep the eventIds (downstream dedupes on them), rejected events are not resent, a 413
 * splits the batch, and events made offline wait in storage until the browser is back online or
 * the next page load.
 */
import { expect, test } from 'bun:test'
import type { BehaviorEvent } from '../common/schemas/behavior-event'
import { waitFor } from '../test/support/wait'
import { call, describeInChromium, timeoutMs, waitForTracker } from './testing/harness'

const ids = (events: BehaviorEvent[]) => events.map((e) => e.eventId).sort()
const named = (events: BehaviorEvent[], name: string) => events.filter((e) => e.properties?.name == name)

describeInChromium('axon.js delivery in Chromium, against the gateway', (harness) => {
  test('the gateway’s bus is down (503), then the gateway limits the rate (429): the same eventIds each time, on the bus once', async () => {
    const shopper = await harness().open('/product/1', {
      failPublishes: 1, // the gateway answers 503: it could not buffer the batch
      interfere: { answer: (_events, index) => (index == 1 ? 429 : undefined) },
    })
    await waitFor(() => shopper.requests().some((r) => r.status == 200), { timeoutMs: 15_000, what: 'a retry the gateway accepts' })

    const [first, second, third] = shopper.requests()
    expect([first!.status, second!.status, third!.status]).toEqual([503, 429, 200])
    expect(first!.events.length).toBe(2) // the page view and the call queued before load
    expect(ids(second!.events)).toEqual(ids(first!.events))
    expect(ids(third!.events)).toEqual(ids(first!.events))
    await waitFor(() => shopper.events().length == 2, { what: 'the two events on the bus' })
    expect(ids(shopper.events())).toEqual(ids(first!.events))
  }, timeoutMs)

  test('events the gateway rejected in a 200 are not sent again', async () => {
    const shopper = await harness().open()
    shopper.interfere({ answer: () => ({ reject: (e) => e.properties?.name == 'refused' }) })
    await call(shopper.page, 'track', 'refused')
    await waitFor(() => shopper.requests().some((r) => named(r.events, 'refused').length > 0), { what: 'the refused event' })
    await call(shopper.page, 'track', 'later')
    await waitFor(() => named(shopper.events(), 'later').length > 0, { what: 'the next event on the bus' })
    expect(named(shopper.requests().flatMap((r) => r.events), 'refused').length).toBe(1)
    expect(named(shopper.events(), 'refused')).toEqual([])
  }, timeoutMs)

  test('413: the batch is split and resent until every event is on the bus', async () => {
    const shopper = await harness().open()
    // the page view goes first, as it will: on a busy machine it may leave before the 413s begin
    await waitFor(() => shopper.events().length == 2, { what: 'the page view' })
    const before = shopper.requests().length
    shopper.interfere({ answer: (events) => (events.length > 1 ? 413 : undefined) })
    await shopper.page.evaluate(() => ['one', 'two', 'three'].forEach((name) => (window as any).axon.track(name)))
    const accepted = () => shopper.requests().slice(before).filter((r) => r.status == 200)
    // an event reaches the bus a moment before its request's answer is recorded
    await waitFor(() => shopper.events().length == 5 && accepted().length == 3, { timeoutMs: 15_000, what: 'all five events, one per request' })
    const after = shopper.requests().slice(before)
    expect(after.some((r) => r.status == 413)).toBe(true)
    expect(after.filter((r) => r.status == 200).map((r) => r.events.length)).toEqual([1, 1, 1])
  }, timeoutMs)

  test('offline: events wait in localStorage and go when the browser is back online', async () => {
    const { page, context, events } = await harness().open()
    await waitFor(() => events().length == 2, { what: 'the page view' })
    await context.setOffline(true)
    await call(page, 'track', 'offline_add_to_cart', { productId: 456 })
    await page.waitForFunction(() => JSON.parse(localStorage.axon_queue).some((e: any) => e.properties.name == 'offline_add_to_cart'))
    await page.waitForTimeout(1500) // at least one attempt fails while offline
    expect(named(events(), 'offline_add_to_cart')).toEqual([])

    await context.setOffline(false)
    await waitFor(() => named(events(), 'offline_add_to_cart').length == 1, { what: 'the offline event after reconnecting' })
    await page.waitForFunction(() => JSON.parse(localStorage.axon_queue).length == 0)
  }, timeoutMs)

  test('offline when the page closes: the events are sent on the next page load', async () => {
    const { page, context, events } = await harness().open()
    await waitFor(() => events().length == 2, { what: 'the page view' })
    await context.setOffline(true)
    await call(page, 'track', 'left_offline')
    await page.close() // no beacon: it could not arrive, and nobody would know
    await context.setOffline(false)

    const next = await context.newPage()
    await next.goto(`${harness().shop.origin}/product/2`)
    await waitForTracker(next)
    await waitFor(() => named(events(), 'left_offline').length == 1, { what: 'the stored event on the next load' })
    expect(named(events(), 'left_offline')[0]!.pageUrl).toEndWith('/product/1')
  }, timeoutMs)
})
