/** The jobs page from core's real jobs API, and what it shows when core cannot be reached. */
import { afterAll, expect, test } from 'bun:test'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { signedInAs } from '../../../test/support/marketer'
import { coreAdmin } from '../admin-forms/core-admin'

const t = testAnalyticsApp('jobs-test')
const offline = testAnalyticsApp('jobs-test-offline', { core: coreAdmin({ url: 'http://127.0.0.1:9', token: '' }) })
afterAll(async () => {
  await Promise.all([t.close(), offline.close()])
  await closeTestClients()
})

test('each job with its last run: result, duration, rows; a failure shows its message as text', async () => {
  const ok = `test-ok-${crypto.randomUUID().slice(0, 6)}`
  const failed = `test-failed-${crypto.randomUUID().slice(0, 6)}`
  await t.pool.query(
    `INSERT INTO job_runs (job, started_at, finished_at, rows_processed, error) VALUES
     (?, '2025-11-10 01:00:00', '2025-11-10 01:00:02.500', 1234, NULL), (?, '2025-11-10 02:00:00', '2025-11-10 02:00:00.040', 0, '<b>lock wait timeout</b>')`,
    [ok, failed],
  )
  const me = await signedInAs(t.app, t.pool, 'analyst')
  const response = await me.request('/admin/jobs')
  expect(response.status).toBe(200)
  const text = await response.text()
  const rowOf = (job: string) => new RegExp(`<tr>\\s*<td><code>${job}</code></td>.*?</tr>`, 's').exec(text)?.[0] ?? ''
  expect(rowOf(ok)).toContain('status-ok')
  expect(rowOf(ok)).toContain('<td class="num">2.5 s</td>')
  expect(rowOf(ok)).toContain('<td class="num">1,234</td>')
  expect(rowOf(ok)).toContain('2025-11-10 10:00')
  expect(rowOf(failed)).toContain('status-failed')
  expect(rowOf(failed)).toContain('&lt;b&gt;lock wait timeout&lt;/b&gt;')
  expect(rowOf(failed)).toContain('<td class="num">40 ms</td>')
})

test('core unreachable: the page still renders, saying so', async () => {
  const me = await signedInAs(offline.app, offline.pool, 'analyst')
  const response = await me.request('/admin/jobs')
  expect(response.status).toBe(200)
  const text = await response.text()
  expect(text).toContain('Core is not reachable right now')
  expect(text).toContain('aria-current="page">Jobs</a>')
})
