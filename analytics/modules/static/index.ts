/** Serves the hashed static files (assets.ts): immutable for a year, gzipped when the browser takes it. */
import { Elysia, t } from 'elysia'
import { AppError } from '../../../common/errors'
import { assets } from './assets'

const immutable = 'public, max-age=31536000, immutable'

export function staticRoutes() {
  return new Elysia({ name: 'axon-static' }).get(
    '/static/:hash/:name',
    ({ params, request }) => {
      const found = assets.get(params.name)
      if (!found || found.hash !== params.hash) throw new AppError('NOT_FOUND', 404, `no static file ${params.hash}/${params.name}`)
      const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')
      const headers: Record<string, string> = { 'content-type': found.contentType, 'cache-control': immutable, vary: 'accept-encoding' }
      if (gzip) headers['content-encoding'] = 'gzip'
      return new Response((gzip ? found.gzipped : found.body) as Uint8Array<ArrayBuffer>, { headers })
    },
    { params: t.Object({ hash: t.String({ pattern: '^[0-9a-f]{16}$' }), name: t.String({ pattern: '^[A-Za-z0-9._-]+$' }) }) },
  )
}
