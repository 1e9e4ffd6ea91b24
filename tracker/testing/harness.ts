/**
 * What every browser test file needs: Chromium, the real gateway app (test/support/gateway.ts)
 * publishing to a bus topic of its own, the pass-through in front of it (gateway-front.ts), the
 * storefront, and a reader of the topic. `open` starts a shopper: a fresh browser context (its own
 * storage) with a user agent of its own, so each test reads only its shopper's events and
 * requests, whatever earlier tests left in flight.
 */
import { afterAll, beforeAll, describe } from 'bun:test'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { createRedisStreamsBus } from '../../common/bus/redis-streams'
import { redisUrl } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { startTestGateway } from '../../test/support/gateway'
import { readTopic } from '../../test/support/topic-reader'
import { haveChromium, launchChromium } from './browser'
import { startGatewayFront, type Interference } from './gateway-front'
import { startStorefront } from './storefront'

export async function startHarness() {
  const browser = await launchChromium()
  const bus = createRedisStreamsBus(redisUrl(), createLogger({ process: 'tracker-test' }, 'error'))
  /** Publishes that fail, per shopper, as when the bus is down: the gateway then answers 503. */
  const failingPublishes = new Map<string, number>()
  const gatewayBus = {
    ...bus,
    async publish(topic: string, messages: Parameters<typeof bus.publish>[1]) {
      const userAgent = (JSON.parse(messages[0]!.value) as BehaviorEvent).userAgent ?? ''
      const failures = failingPublishes.get(userAgent) ?? 0
      if (failures > 0) {
        failingPublishes.set(userAgent, failures - 1)
        throw new Error('bus unavailable (forced by the test)')
      }
      return bus.publish(topic, messages)
    },
  }
  let frontOrigin = ''
  const shop = startStorefront(() => `${frontOrigin}/axon.js`)
  const gateway = startTestGateway({ redis: testRedis('tracker-browser-test'), bus: gatewayBus, storefrontOrigins: shop.origin })
  const front = await startGatewayFront(gateway.url)
  frontOrigin = front.origin
  const topic = await readTopic(bus, gateway.eventTopic)
  let shoppers = 0

  return {
    shop,
    /**
     * `failPublishes` and `interfere` take effect before the page loads, so they meet its first
     * request too (on a busy machine the page view can leave before `open` returns).
     */
    async open(
      path = '/product/1',
      { initScript, failPublishes, interfere, ...options }: BrowserContextOptions & { initScript?: () => void; failPublishes?: number; interfere?: Interference } = {},
    ) {
      const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 AxonTest/${++shoppers}`
      if (failPublishes) failingPublishes.set(userAgent, failPublishes)
      if (interfere) front.interference.set(userAgent, interfere)
      const context = await browser.newContext({ ...options, userAgent })
      if (initScript) await context.addInitScript(initScript)
      const page = await context.newPage()
      await page.goto(shop.origin + path)
      await waitForTracker(page)
      return {
        page,
        context,
        userAgent,
        /** This shopper's events on the gateway's topic, once per eventId (as downstream dedupe leaves them). */
        events(): BehaviorEvent[] {
          const byId = new Map<string, BehaviorEvent>()
          for (const m of topic.messages) {
            const event = JSON.parse(m.value) as BehaviorEvent
            if (event.userAgent == userAgent) byId.set(event.eventId, event)
          }
          return [...byId.values()]
        },
        /** This shopper's /collect requests, as they arrived. */
        requests: () => front.requests.filter((r) => r.userAgent == userAgent),
        interfere: (how: Interference) => front.interference.set(userAgent, how),
        failPublishes: (count: number) => failingPublishes.set(userAgent, count),
      }
    },
    async stop() {
      await browser.close()
      await topic.stop()
      front.stop()
      shop.stop()
      await gateway.stop()
      await bus.close()
      await closeTestClients()
    },
  }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>
export type Shopper = Awaited<ReturnType<Harness['open']>>

export const waitForTracker = (page: Page) => page.waitForFunction(() => typeof (window as any).axon?.track == 'function')

/** Calls the page's `axon` the way storefront code does, e.g. call(page, 'track', 'name', {…}). */
export const call = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as any).axon(...a), args)

/** Scrolls to the bottom and resolves once the page has handled the scroll event (it comes a frame later). */
export const scrollToBottom = (page: Page) =>
  page.evaluate(
    () =>
      new Promise((scrolled) => {
        addEventListener('scroll', scrolled, { once: true })
        scrollTo(0, document.body.scrollHeight)
      }),
  )

/** Browser tests wait on timers (batching, backoff); bun's default 5 s per test is too short. */
export const timeoutMs = 30_000

/**
 * A describe block with the harness started before its tests and stopped after them; skipped,
 * saying why, on a machine without Chromium.
 */
export function describeInChromium(name: string, tests: (harness: () => Harness) => void) {
  if (!haveChromium) console.log(`SKIPPED: ${name}: browser tests need /usr/bin/chromium (./axon test installs it)`)
  describe.skipIf(!haveChromium)(name, () => {
    let harness: Harness
    beforeAll(async () => {
      harness = await startHarness()
    })
    afterAll(() => harness.stop())
    tests(() => harness)
  })
}
