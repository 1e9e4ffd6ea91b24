/**
 * Campaign scopes through a served analytics app on the real Redis and MariaDB: an analyst who may
 * see one campaign gets 404 — as for an unknown id — on everything of another one (JSON APIs,
 * pages, CSV, the live stream, the forms), and the campaign list shows only the campaign it may see.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { testAnalyticsApp } from '../../test/support/analytics-app'
import { closeTestClients } from '../../test/support/clients'
import { loadDashboardFixture, type DashboardFixture } from '../../test/support/dashboard-fixture'
import { signedInAs, type SignedIn } from '../../test/support/marketer'
import { subjectOf } from './scope'

const t = testAnalyticsApp('scope-test')
let base: string
let mine: DashboardFixture
let other: DashboardFixture
let scoped: SignedIn
let everything: SignedIn

beforeAll(async () => {
  base = t.serve()
  mine = await loadDashboardFixture(t.pool, t.redis, t.store)
  other = await loadDashboardFixture(t.pool, t.redis, t.store)
  scoped = await signedInAs(base, t.pool, 'analyst', [mine.campaignId])
  everything = await signedInAs(base, t.pool, 'admin')
})
afterAll(async () => {
  await t.close()
  await closeTestClients()
})

const range = 'startDate=2025-11-10&endDate=2025-11-30'
/** Every address of one campaign (`c`) and its activity (`a`) that answers with its numbers. */
const addressesOf = (c: number | string, a: number | string) => [
  `/api/v1/dashboard/campaign/${c}`,
  `/api/v1/dashboard/campaign/${c}/comparison`,
  `/api/v1/dashboard/campaign/${c}/costs`,
  `/api/v1/dashboard/activity/${a}`,
  `/api/v1/dashboard/activity/${a}/hourly`,
  `/api/v1/dashboard/activity/${a}/segments`,
  `/api/v1/dashboard/cohort/activity/${a}?${range}`,
  `/admin/campaigns/${c}`,
  `/admin/campaigns/${c}/dashboard`,
  `/admin/campaigns/${c}/realtime`,
  `/admin/campaigns/${c}/csv/funnel`,
  `/admin/dashboard/${a}`,
  `/admin/dashboard/${a}/csv/funnel`,
  `/admin/dashboard/cohort/${a}`,
  `/admin/dashboard/cohort/${a}/csv/ltv?${range}`,
]

async function statusOf(who: SignedIn, path: string, init?: RequestInit) {
  const response = await who.request(path, init)
  const status = response.status
  await response.body?.cancel()
  return status
}

describe('an analyst scoped to one campaign', () => {
  test("gets 404 on every API, page and CSV of another campaign and its activities, as for an unknown id", async () => {
    for (const path of addressesOf(other.campaignId, other.a1)) expect({ path, status: await statusOf(scoped, path) }).toEqual({ path, status: 404 })
    const api = await scoped.request(`/api/v1/dashboard/campaign/${other.campaignId}`)
    const unknown = await scoped.request('/api/v1/dashboard/campaign/999999999999')
    expect([await api.json(), (await unknown.json()) as { code: string }].map((b) => (b as { code: string }).code)).toEqual(['CAMPAIGN_NOT_FOUND', 'CAMPAIGN_NOT_FOUND'])
    const activity = (await (await scoped.request(`/api/v1/dashboard/activity/${other.a2}`)).json()) as { code: string; message: string }
    expect(activity).toEqual({ code: 'ACTIVITY_NOT_FOUND', message: `activity ${other.a2} does not exist` })
  })

  test('gets 404 on another campaign and activity addressed with percent-encoded digits (the router decodes them)', async () => {
    const encoded = (id: number) => [...String(id)].map((d) => `%3${d}`).join('')
    for (const path of addressesOf(encoded(other.campaignId), encoded(other.a1)))
      expect({ path, status: await statusOf(scoped, path) }).toEqual({ path, status: 404 })
    expect(await statusOf(scoped, `/api/v1/dashboard/campaign/${encoded(mine.campaignId)}`)).toBe(200)
  })

  test('gets 404 on the live stream of an activity of another campaign, and the stream of its own', async () => {
    expect(await statusOf(scoped, `/admin/dashboard/${other.a1}/stream`)).toBe(404)
    const own = await scoped.request(`/admin/dashboard/${mine.a1}/stream`)
    expect([own.status, own.headers.get('content-type')]).toEqual([200, 'text/event-stream'])
    await own.body?.cancel()
  })

  test('gets 200 on its own campaign', async () => {
    for (const path of addressesOf(mine.campaignId, mine.a1)) expect({ path, status: await statusOf(scoped, path) }).toEqual({ path, status: 200 })
  })

  test('sees only its campaign in the campaign list; an unscoped admin sees both', async () => {
    const list = await (await scoped.request('/admin/campaigns')).text()
    expect(list).toContain(`/admin/campaigns/${mine.campaignId}`)
    expect(list).not.toContain(`/admin/campaigns/${other.campaignId}`)
    const all = await (await everything.request('/admin/campaigns')).text()
    expect([all.includes(`/admin/campaigns/${mine.campaignId}`), all.includes(`/admin/campaigns/${other.campaignId}`)]).toEqual([true, true])
  })
})

test('an admin scoped to one campaign gets 404 on the forms of another one', async () => {
  const admin = await signedInAs(base, t.pool, 'admin', [mine.campaignId])
  for (const path of [`/admin/campaigns/${other.campaignId}/edit`, `/admin/campaigns/${other.campaignId}/activities/new`, `/admin/activities/${other.a1}/edit`])
    expect({ path, status: await statusOf(admin, path) }).toEqual({ path, status: 404 })
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Taken' }
  expect(await statusOf(admin, `/admin/campaigns/${other.campaignId}`, form)).toBe(404)
  expect(await statusOf(admin, `/admin/activities/${other.a1}`, form)).toBe(404)
  expect(await statusOf(admin, `/admin/campaigns/${mine.campaignId}/edit`)).toBe(200)
})

test('the table names the campaign or activity of every scoped address, and nothing else', () => {
  expect(subjectOf('/api/v1/dashboard/cohort/activity/7')).toEqual({ subject: 'activity', id: 7 })
  expect(subjectOf('/admin/dashboard/cohort/7/panel')).toEqual({ subject: 'activity', id: 7 })
  expect(subjectOf('/admin/dashboard/8/stream')).toEqual({ subject: 'activity', id: 8 })
  expect(subjectOf('/admin/campaigns/9/csv/funnel')).toEqual({ subject: 'campaign', id: 9 })
  expect(subjectOf('/api/v1/dashboard/campaign/%31%32')).toEqual({ subject: 'campaign', id: 12 })
  expect(subjectOf('/admin/dashboard/%35/csv/%E0%A4%A')).toEqual({ subject: 'activity', id: 5 })
  expect([subjectOf('/admin/campaigns'), subjectOf('/admin/campaigns/new'), subjectOf('/admin/products/3/edit')]).toEqual([undefined, undefined, undefined])
})
