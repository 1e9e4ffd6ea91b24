/**
 * The pages' static files, read and hashed once at start: htmx, its SSE extension and Chart.js
 * from node_modules (no CDN), and everything in views/static/. Each is served at
 * `/static/<content-hash>/<name>`, so a URL never changes meaning and browsers may cache it for a
 * year; a new version of a file gets a new URL. Pages link them through `assetUrl`.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import { projectRoot } from '../../../common/config'

export interface Asset {
  name: string
  hash: string
  contentType: string
  body: Uint8Array
  gzipped: Uint8Array
}

/** Files from packages, under the names pages use. */
const vendorFiles: Record<string, string> = {
  'htmx.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'hx-sse.js': 'node_modules/htmx.org/dist/ext/hx-sse.min.js',
  'chart.js': 'node_modules/chart.js/dist/chart.umd.min.js',
}

export const ownStaticDir = join(projectRoot, 'views/static')

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
}

function asset(name: string, path: string): Asset {
  const body = readFileSync(path)
  return {
    name,
    hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
    contentType: contentTypes[extname(name)] ?? 'application/octet-stream',
    body,
    gzipped: Bun.gzipSync(body),
  }
}

function loadAssets(): Map<string, Asset> {
  const all = new Map<string, Asset>()
  for (const [name, path] of Object.entries(vendorFiles)) all.set(name, asset(name, join(projectRoot, path)))
  for (const file of readdirSync(ownStaticDir)) if (contentTypes[extname(file)]) all.set(file, asset(file, join(ownStaticDir, file)))
  return all
}

export const assets: ReadonlyMap<string, Asset> = loadAssets()

/** The URL of a static file by name (`htmx.js`, `app.css`); an unknown name is a bug in a page. */
export function assetUrl(name: string): string {
  const found = assets.get(name)
  if (!found) throw new Error(`no static asset named "${name}" (views/static/ or the vendor files in analytics/modules/static/assets.ts)`)
  return `/static/${found.hash}/${name}`
}
