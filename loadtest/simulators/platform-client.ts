/**
 * The simulators' only way into the platform: its public HTTP APIs, as a storefront, a shopper's
 * browser and a marketer's tools would call them — gateway `/collect`, reservations and payments
 * (shopper tokens from the gateway's dev-token route), core's admin API, analytics' dev routes.
 */
export interface PlatformAddress {
  gatewayUrl: string
  coreUrl: string
  analyticsUrl: string
  /** core's admin token (`x-axon-internal-token`); empty when the admin API is open (development) */
  internalToken: string
  /** a signed-in marketer's `axon_session=…` cookie, for analytics' dashboard API (test/support/marketer.ts) */
  analyticsCookie?: string
}

/** A call the platform answered with an unexpected status: the simulation cannot go on truthfully. */
export class PlatformRefused extends Error {
  override name = 'PlatformRefused'
  constructor(
    readonly status: number,
    readonly answer: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(answer)}`)
  }
}

export interface ShopperAnswer {
  status: number
  body: Record<string, any>
}

export interface CollectAnswer {
  accepted: number
  rejected: { index: number; eventId?: string; code: string; message: string }[]
}

const attempts = 8

async function readBody(response: Response): Promise<Record<string, any>> {
  const text = await response.text()
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return { text }
  }
}

export function platformClient(address: PlatformAddress) {
  const adminHeaders = { 'content-type': 'application/json', ...(address.internalToken ? { 'x-axon-internal-token': address.internalToken } : {}) }
  const analyticsHeaders = { 'content-type': 'application/json', ...(address.analyticsCookie ? { cookie: address.analyticsCookie } : {}) }
  const tokens = new Map<number, string>()

  async function call(url: string, init: RequestInit, what: string): Promise<Record<string, any>> {
    const response = await fetch(url, init)
    const body = await readBody(response)
    if (!response.ok) throw new PlatformRefused(response.status, body, what)
    return body
  }

  async function shopperToken(userId: number): Promise<string> {
    const known = tokens.get(userId)
    if (known) return known
    const issued = await call(
      `${address.gatewayUrl}/api/v1/dev/tokens`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) },
      'POST /api/v1/dev/tokens (dev tokens must be on: AXON_DEV_TOKENS=true)',
    )
    tokens.set(userId, issued.token)
    return issued.token
  }

  async function asShopper(path: string, userId: number, body?: unknown): Promise<ShopperAnswer> {
    const response = await fetch(`${address.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await shopperToken(userId)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: await readBody(response) }
  }

  return {
    address,
    admin: (method: string, path: string, body?: unknown) =>
      call(`${address.coreUrl}/api/v1/admin${path}`, { method, headers: adminHeaders, body: body === undefined ? undefined : JSON.stringify(body) }, `${method} core ${path}`),
    analytics: (method: string, path: string, body?: unknown) =>
      call(`${address.analyticsUrl}${path}`, { method, headers: analyticsHeaders, body: body === undefined ? undefined : JSON.stringify(body) }, `${method} analytics ${path}`),
    /**
     * One tracker batch, delivered as the tracker does: a 429 waits the time the gateway names, a
     * 5xx or a dropped connection is sent again with the same events (the store dedupes them).
     */
    async collect(events: readonly unknown[]): Promise<CollectAnswer> {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await fetch(`${address.gatewayUrl}/collect`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events }) })
          const body = await readBody(response)
          if (response.ok) return body as CollectAnswer
          if (response.status !== 429 && response.status < 500) throw new PlatformRefused(response.status, body, 'POST /collect')
          if (attempt >= attempts * 4) throw new PlatformRefused(response.status, body, `POST /collect, ${attempt} times`)
          await Bun.sleep(response.status === 429 ? Math.max(100, Number(body.retryAfterSeconds ?? 1) * 1000) : 200 * attempt)
        } catch (error) {
          if (error instanceof PlatformRefused || attempt >= attempts) throw error
          await Bun.sleep(200 * attempt)
        }
      }
    },
    reserve: (activityId: number, userId: number) => asShopper(`/api/v1/activities/${activityId}/reservations`, userId),
    confirm: (token: string, userId: number, amount: number) => asShopper('/api/v1/payments/confirm', userId, { token, amount }),
    cancel: (token: string, userId: number) => asShopper('/api/v1/payments/cancel', userId, { token }),
    shopperToken,
  }
}

export type PlatformClient = ReturnType<typeof platformClient>

/** Runs `work` over `items` with at most `lanes` at a time; results in the items' order. */
export async function inLanes<T, R>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i)
  }
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane))
  return results
}
