import { expect, test } from 'bun:test'
import { html } from '../html'
import { layout } from './base'

const assets = {
  'app.css': '/static/a/app.css',
  'htmx.js': '/static/b/htmx.js',
  'csrf.js': '/static/c/csrf.js',
  'chart.js': '/static/d/chart.js',
  'hx-sse.js': '/static/e/hx-sse.js',
  'live.js': '/static/f/live.js',
}
const shell = { account: { email: '<b>ann</b>@shop.test', role: 'analyst' as const }, csrfToken: 'tok"en', assets }

test('the layout links our own assets in order, marks the current section and escapes who is signed in', () => {
  const page = layout(shell, { title: 'Jobs', section: 'jobs', scripts: ['chart.js'] }, html`<p>body</p>`).value
  const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])
  expect(scripts).toEqual(['/static/b/htmx.js', '/static/c/csrf.js', '/static/d/chart.js'])
  expect(page).toContain('<link rel="stylesheet" href="/static/a/app.css">')
  expect(page).toContain('<a href="/admin/jobs" aria-current="page">Jobs</a>')
  expect(page).toContain('&lt;b&gt;ann&lt;/b&gt;@shop.test')
  expect(page).toContain('<meta name="csrf-token" content="tok&quot;en">')
  expect(page).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">')
  expect(page).not.toMatch(/<script>|style=/)
})

test('a page asking for an asset that does not exist is a bug, found at once', () => {
  expect(() => layout(shell, { title: 'x', scripts: ['charts.js'] }, html``)).toThrow(/unknown asset "charts.js"/)
})

test('the SSE extension is registered before htmx processes the page: scripts run in order while the body loads, htmx first', () => {
  // the live test of the activity dashboard failed now and then: deferred htmx started on the next
  // task, sometimes before the deferred hx-sse.js registered, and the stream never opened
  const page = layout(shell, { title: 'Live', scripts: ['chart.js', 'hx-sse.js', 'live.js'] }, html`<main-content></main-content>`).value
  const tags = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  expect(tags.every((tag) => !/\b(defer|async|type="module")\b/.test(tag))).toBe(true)
  expect(tags.map((tag) => tag.match(/src="([^"]+)"/)![1])).toEqual([
    '/static/b/htmx.js',
    '/static/e/hx-sse.js',
    '/static/c/csrf.js',
    '/static/d/chart.js',
    '/static/f/live.js',
  ])
  // after the content, so the document is still loading when htmx runs and it waits for DOMContentLoaded
  expect(page.indexOf('<script')).toBeGreaterThan(page.indexOf('</main>'))
  expect(page.lastIndexOf('</script>')).toBeLessThan(page.indexOf('</body>'))
  expect(page.slice(0, page.indexOf('</head>'))).not.toContain('<script')
})
