/** Static files and security headers through the analytics app. */
import { afterAll, expect, test } from 'bun:test'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { send } from '../../../test/support/marketer'
import { assetUrl } from './assets'

const t = testAnalyticsApp('static-test')
afterAll(async () => {
  await t.close()
  await closeTestClients()
})

test('htmx, its SSE extension, Chart.js and our own files are served from our origin, cached for a year', async () => {
  for (const name of ['htmx.js', 'hx-sse.js', 'chart.js', 'csrf.js', 'app.css']) {
    const response = await send(t.app, assetUrl(name))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('content-type')).toStartWith(name.endsWith('.css') ? 'text/css' : 'text/javascript')
    expect((await response.text()).length).toBeGreaterThan(100)
  }
  expect(await (await send(t.app, assetUrl('htmx.js'))).text()).toContain('htmx')
})

test('gzipped for browsers that take it', async () => {
  const response = await fetch(`${t.serve()}${assetUrl('chart.js')}`, { headers: { 'accept-encoding': 'gzip' } })
  expect(response.headers.get('content-encoding')).toBe('gzip')
  expect(await response.text()).toContain('Chart')
})

test('a URL whose hash is not the file\'s answers 404, so a stale page never gets another version', async () => {
  const url = assetUrl('htmx.js').replace(/\/static\/[0-9a-f]+\//, '/static/0000000000000000/')
  expect((await send(t.app, url)).status).toBe(404)
  expect((await send(t.app, '/static/0000000000000000/nothing.js')).status).toBe(404)
})

test('pages carry the content security policy and the other security headers', async () => {
  const response = await send(t.app, '/login')
  expect(response.headers.get('content-security-policy')).toBe(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  )
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  expect(response.headers.get('referrer-policy')).toBe('same-origin')
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
})
