/**
 * axon.js, the storefront tracker. The page's snippet defines a stub `axon(...)` that queues calls
 * until this script runs; then `window.axon` becomes the real thing: callable the same way
 * (`axon('track', name, props)`) and with methods (`axon.track(name, props)`).
 *
 * axon.js (this file and the three it imports) must stay within 1.5 KB gzipped
 * (tracker/size.test.ts), hence the terse code: the comments carry the reasons.
 */
import type { TriggerType } from '../../common/schemas/behavior-event'
import { flush, queue, save } from './delivery'
import { nav, on, settings } from './page-script'
import { get, put } from './storage'

type Properties = Record<string, unknown>

/**
 * Consent: the shopper's stored choice, else on unless the page requires opt-in or the browser
 * says no (Do-Not-Track, Global Privacy Control).
 */
let allowed: boolean = get('consent') ?? !('requireConsent' in settings || nav.doNotTrack == (1 as any) || nav.globalPrivacyControl)

/** The debug switch: data-debug, or localStorage.axon_debug=1 (what axon.debug(true) stores). */
let debug = 'debug' in settings || get('debug')

/** Without consent nothing is kept: ids, user id and queue go; only the choice itself stays. */
const forget = () => {
  put('ids')
  put('userId')
  queue.length = 0
  save()
}

/**
 * 128 random bits as 8–40 digits (the schema wants 8–64 characters). getRandomValues, not
 * randomUUID: storefronts served over plain http are no secure context and have no randomUUID.
 */
const randomId = () => crypto.getRandomValues(new Uint16Array(8)).join('')

/** userId, campaignId and activityId are integers ≥ 1 in the schema; anything else becomes null. */
const positiveInt = (value: any): number | null => (value > 0 && value % 1 == 0 ? +value : null)

/**
 * `own` are the tracker's keys (source, name, scrollDepth): listed first and written last, so a
 * page's properties can neither replace them nor push them past the 50-key cut. Values: strings
 * cut to 1024 characters, numbers and booleans as they are, anything else (objects, undefined)
 * null. Keys the schema refuses (more than 64 characters, or other than [A-Za-z0-9_.-] starting
 * with a letter or _) are left out: the gateway would reject the whole event for one of them.
 */
const record = (triggerType: TriggerType, own?: Properties, page?: Properties) => {
  if (allowed) {
    // Kept together in storage: [anonymousId, sessionId, time of the session's last event]. A new
    // session after 30 minutes without an event; the storefront's tabs share it.
    let now = Date.now(),
      [anonymousId = randomId(), sessionId, seen] = get('ids') || [],
      properties: Record<string, string | number | boolean | null> = {},
      mine = { source: 'tracker', ...own },
      count = 0
    now - seen < 18e5 || (sessionId = randomId())
    for (const key in (page = { ...mine, ...page, ...mine })) {
      const v = page[key]
      if (/^[a-z_][\w.-]{0,63}$/i.test(key) && count++ < 50) properties[key] = typeof v == 'string' ? v.slice(0, 1024) : /er|an/.test(typeof v) ? (v as number) : null
    }
    const event = {
      eventId: randomId(),
      triggerType,
      occurredAt: new Date(now).toISOString(),
      campaignId: positiveInt(settings.campaignId),
      activityId: positiveInt(settings.activityId),
      referrer: document.referrer.slice(0, 2048),
      userId: get('userId'),
      anonymousId,
      sessionId,
      pageUrl: location.href.slice(0, 2048),
      userAgent: nav.userAgent.slice(0, 512),
      properties,
    }
    put('ids', [anonymousId, sessionId, now])
    debug && console.log(event)
    // Sent at once when 10 wait, else on the next tick.
    queue.push(event)
    save()
    queue[9] && flush()
  }
}

type Api = Record<string, (...args: any[]) => void> & ((method: string, ...args: unknown[]) => void)

/** URL of the last page view: a navigation that keeps the URL is no new view. */
let lastUrl = ''
/** The last scroll milestone (25, 50, 75, 100) sent during this page view. */
let depth = 0

/** Not recorded without consent, so that granting it later still sends this page's view. */
const pageView = () => {
  if (location.href != lastUrl && allowed) (lastUrl = location.href), (depth = 0), record('PAGE_VIEW')
}

const axon = ((method: string, ...args: unknown[]) => axon[method]?.(...args)) as Api
axon.track = (name: string, properties?: Properties) => record('CUSTOM', { name }, properties)
/** The user id rides on this and every later event, across loads; identify(null) on logout. */
axon.identify = (userId: unknown) => {
  allowed && put('userId', positiveInt(userId))
  record('IDENTIFY')
}
axon.page = pageView
axon.set = (ids: { campaignId?: unknown; activityId?: unknown }) => Object.assign(settings, ids)
axon.debug = (on: boolean) => put('debug', (debug = on))
axon.consent = (granted: boolean) => {
  put('consent', (allowed = granted))
  granted ? pageView() : forget()
}

// SPA navigation: routers call pushState/replaceState, the back button fires popstate.
for (const name of ['pushState', 'replaceState'] as const) {
  const original = history[name]
  history[name] = (...args: any[]) => {
    original.apply(history, args as any)
    pageView()
  }
}
on('popstate', pageView)

// Clicks on elements marked data-axon-track="name"; their other data-axon-* attributes become
// properties (data-axon-product-id="456" → productId: 456). Capture phase, so a page's
// stopPropagation cannot hide a click.
on(
  'click',
  (e) => {
    const data = (e.target as Element).closest<HTMLElement>('[data-axon-track]')?.dataset,
      properties: Properties = {}
    if (data) {
      for (const key in data) {
        const value = data[key]!
        if (/^axon(?!Track$)./.test(key)) properties[key[4]!.toLowerCase() + key.slice(5)] = '' + +value == value ? +value : value
      }
      record('CLICK', { name: data.axonTrack }, properties)
    }
  },
  true,
)

// body's height leaves out its margins, so the bottom of the page counts as 100 % or a bit more.
on('scroll', () => {
  const seen = ((scrollY + innerHeight) * 100) / document.body.scrollHeight
  while (seen >= depth + 25 && depth < 100) record('SCROLL', { scrollDepth: (depth += 25) })
})

allowed || forget()
for (const call of (window as any).axon?.q || []) axon(...(call as [string]))
;(window as any).axon = axon
pageView()
