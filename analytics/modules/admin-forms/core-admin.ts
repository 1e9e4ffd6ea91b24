/**
 * Analytics' client of core's admin API (the forms create and change campaigns, products and
 * activities there, and the jobs page reads core's jobs): server-side, with the internal token.
 * Core's answer comes back as it is (status and JSON body), so its validation errors can be shown
 * next to the fields; core unreachable is a DependencyUnavailable (503, the page says so).
 */
import { DependencyUnavailable } from '../../../common/errors'

const tokenHeader = 'x-axon-internal-token'

export interface CoreReply {
  status: number
  body: any
}

export interface CoreAdmin {
  call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<CoreReply>
}

export interface CoreAdminOptions {
  /** core's base URL (AXON_CORE_URL) */
  url: string
  /** AXON_INTERNAL_TOKEN; empty: core runs without one (development) */
  token: string
  /** how requests are sent: `fetch`, or a core app's `handle` in tests */
  send?: (request: Request) => Promise<Response>
}

export function coreAdmin({ url, token, send = (request) => fetch(request) }: CoreAdminOptions): CoreAdmin {
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (token) headers[tokenHeader] = token
      if (body !== undefined) headers['content-type'] = 'application/json'
      let response: Response
      try {
        response = await send(new Request(new URL(path, url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) }))
      } catch (error) {
        throw new DependencyUnavailable('core', error)
      }
      if (response.status === 503) throw new DependencyUnavailable('core', new Error(`core answered 503 to ${method} ${path}`))
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : null }
    },
  }
}
