/**
 * Serves the tracker SDK at GET /axon.js. It is built from tracker/ once per process (on the first
 * request, or at start-up when main warms it) and kept in memory; browsers revalidate it with its
 * ETag, so a storefront's visitors download it once per change.
 */
import { Elysia } from 'elysia'

export interface TrackerScript {
  code: string
  etag: string
}

/** Builds once; concurrent first requests share the build. */
export function cachedTrackerScript(build: () => Promise<string>): () => Promise<TrackerScript> {
  let pending: Promise<TrackerScript> | undefined
  return () =>
    (pending ??= build().then((code) => ({ code, etag: `"${Bun.hash(code).toString(36)}"` })).catch((error) => {
      pending = undefined
      throw error
    }))
}

export function trackerScriptRoutes(script: () => Promise<TrackerScript>) {
  return new Elysia().get('/axon.js', async ({ request, set }) => {
    const { code, etag } = await script()
    set.headers['etag'] = etag
    set.headers['cache-control'] = 'public, max-age=300'
    set.headers['access-control-allow-origin'] = '*'
    if (request.headers.get('if-none-match') === etag) {
      set.status = 304
      return ''
    }
    set.headers['content-type'] = 'text/javascript; charset=utf-8'
    return code
  })
}
