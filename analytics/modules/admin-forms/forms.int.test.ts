/**
 * The campaign list and the create/edit forms through the analytics app, saving through core's
 * real admin app: what a marketer posts arrives in core, core's refusals show next to the fields,
 * and an analyst can read but not change.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { activityKeys } from '../../../common/redis/keys'
import { testAnalyticsApp } from '../../../test/support/analytics-app'
import { closeTestClients } from '../../../test/support/clients'
import { signedInAs, type SignedIn } from '../../../test/support/marketer'

const t = testAnalyticsApp('forms-test')
let admin: SignedIn
let analyst: SignedIn
beforeAll(async () => {
  ;[admin, analyst] = await Promise.all([signedInAs(t.app, t.pool, 'admin'), signedInAs(t.app, t.pool, 'analyst')])
})
afterAll(async () => {
  await t.close()
  await closeTestClients()
})

const post = (who: SignedIn, path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
  body.append('_csrf', who.csrfToken)
  return who.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
}
const page = async (who: SignedIn, path: string) => {
  const response = await who.request(path)
  return { status: response.status, text: await response.text() }
}
/** the `<div class="field">` of one field, with its message */
const fieldHtml = (text: string, name: string) => new RegExp(`<(div|fieldset) class="field[^"]*">(?:(?!</\\1>).)*name="${name}"(?:(?!</\\1>).)*</\\1>`, 's').exec(text)?.[0] ?? ''

describe('campaigns', () => {
  test('created through the form: saved in core, listed with its budget in the shop\'s currency', async () => {
    const name = `Winter sale ${crypto.randomUUID().slice(0, 6)}`
    const created = await post(admin, '/admin/campaigns', { name, description: 'Cold days, warm deals', budget: '1,500,000' })
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe('/admin/campaigns?notice=campaign-created')
    const list = await page(admin, '/admin/campaigns?notice=campaign-created')
    expect(list.text).toContain('Campaign created.')
    const row = new RegExp(`<tr>\\s*<td><a href="/admin/campaigns/(\\d+)">${name}</a></td>.*?</tr>`, 's').exec(list.text)
    expect(row?.[0]).toContain('₩1,500,000')
    expect(row?.[0]).toContain('No activities')
    const stored = await t.core.call('GET', `/api/v1/admin/campaigns/${row![1]}`)
    expect(stored.body).toMatchObject({ name, description: 'Cold days, warm deals', budget: 1_500_000 })
  })

  test('core\'s refusal shows next to the field, with what was typed kept', async () => {
    const refused = await post(admin, '/admin/campaigns', { name: 'Bad budget', budget: '-5' })
    expect(refused.status).toBe(400)
    const text = await refused.text()
    expect(fieldHtml(text, 'budget')).toMatch(/<span class="field-error" id="err-budget">must be/)
    expect(fieldHtml(text, 'budget')).toContain('aria-invalid="true"')
    expect(fieldHtml(text, 'name')).toContain('value="Bad budget"')
    expect(fieldHtml(text, 'name')).not.toContain('field-error')
    const empty = await post(admin, '/admin/campaigns', { name: '  ' })
    expect(fieldHtml(await empty.text(), 'name')).toContain('<span class="field-error" id="err-name">is required</span>')
  })

  test('edited: the form shows the current values and saves the change', async () => {
    const { body: c } = await t.core.call('POST', '/api/v1/admin/campaigns', { name: 'Before', budget: 100 })
    const form = await page(admin, `/admin/campaigns/${c.id}/edit`)
    expect(fieldHtml(form.text, 'name')).toContain('value="Before"')
    expect((await post(admin, `/admin/campaigns/${c.id}`, { name: 'After', description: '', budget: '' })).headers.get('location')).toBe('/admin/campaigns?notice=campaign-saved')
    expect((await t.core.call('GET', `/api/v1/admin/campaigns/${c.id}`)).body).toMatchObject({ name: 'After', description: null, budget: 0 })
    expect((await page(admin, '/admin/campaigns/999999999/edit')).status).toBe(404)
  })

  test('a name with markup is text on the list, never markup', async () => {
    await t.core.call('POST', '/api/v1/admin/campaigns', { name: '<script>alert(1)</script>' })
    const list = await page(analyst, '/admin/campaigns')
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(list.text).not.toContain('<script>alert(1)')
  })

  test('the list shows a live campaign as Live with its participants', async () => {
    const { campaign, activity } = await t.core.openActivity()
    await t.redis.sadd(activityKeys(activity.id).participants, '101', '102', '103')
    const list = await page(analyst, '/admin/campaigns?fragment=table')
    const row = new RegExp(`<tr>\\s*<td><a href="/admin/campaigns/${campaign.id}">.*?</tr>`, 's').exec(list.text)![0]
    expect(row).toContain('<span class="badge status-live">Live</span>')
    expect(row).toMatch(/<td class="num">3<\/td>\s*$|<td class="num">3<\/td>\s*<\/tr>/)
    expect(list.text).not.toContain('<html')
  })
})

describe('products and activities', () => {
  test('an activity typed in shop time is stored as the instant the shop lives it; a window ending before it starts is refused at the field', async () => {
    const product = await post(admin, '/admin/products', { name: 'Kettle', price: '59000' })
    expect(product.headers.get('location')).toBe('/admin/products?notice=product-created')
    const products = await page(admin, '/admin/products')
    const productId = /<td>Kettle<\/td>.*?href="\/admin\/products\/(\d+)\/edit"/s.exec(products.text)![1]!
    const { body: c } = await t.core.call('POST', '/api/v1/admin/campaigns', { name: 'Kitchen week' })
    const fields = { name: 'Kettle deal', productId, price: '39000', limit: '50', startsAt: '2031-11-28T10:00', endsAt: '2031-11-28T22:00', status: 'ACTIVE', memberGrades: ['GOLD', 'VIP'] }
    const bad = await post(admin, `/admin/campaigns/${c.id}/activities`, { ...fields, endsAt: '2031-11-28T09:00' })
    expect(bad.status).toBe(400)
    expect(fieldHtml(await bad.text(), 'endsAt')).toContain('must be after the start')
    const contradictory = await post(admin, `/admin/campaigns/${c.id}/activities`, { ...fields, newCustomersOnly: 'on', minPastPurchases: '2' })
    expect(contradictory.status).toBe(400)
    expect(fieldHtml(await contradictory.text(), 'newCustomersOnly')).toContain('cannot be combined with past purchases above 0')
    const created = await post(admin, `/admin/campaigns/${c.id}/activities`, fields)
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe(`/admin/campaigns/${c.id}`)
    const { body: list } = await t.core.call('GET', `/api/v1/admin/campaigns/${c.id}/activities`)
    expect(list.items[0]).toMatchObject({ name: 'Kettle deal', price: 39000, limit: 50, status: 'ACTIVE', rules: { memberGrades: ['GOLD', 'VIP'] } })
    expect(new Date(list.items[0].startsAt).toISOString()).toBe('2031-11-28T01:00:00.000Z')
    const edit = await page(admin, `/admin/activities/${list.items[0].id}/edit`)
    expect(fieldHtml(edit.text, 'startsAt')).toContain('value="2031-11-28T10:00"')
    expect(fieldHtml(edit.text, 'memberGrades')).toContain('value="GOLD" checked')
  })
})

describe('an analyst reads but does not change', () => {
  test('no create or edit links on the list, 403 on the forms, and a posted form changes nothing', async () => {
    await t.core.call('POST', '/api/v1/admin/campaigns', { name: 'Visible to all' })
    const list = await page(analyst, '/admin/campaigns')
    expect(list.status).toBe(200)
    expect(list.text).toContain('Visible to all')
    expect(list.text).not.toMatch(/\/edit"|\/admin\/campaigns\/new"|New campaign/)
    expect((await page(analyst, '/admin/campaigns/new')).status).toBe(403)
    const refused = await post(analyst, '/admin/campaigns', { name: 'Sneaky' })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-error-code')).toBe('FORBIDDEN')
    expect((await page(admin, '/admin/campaigns')).text).not.toContain('Sneaky')
  })

  test('a form posted from another site is refused, whoever is signed in', async () => {
    const response = await admin.request('/admin/campaigns', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Cross-site', _csrf: admin.csrfToken }).toString(),
    })
    expect(response.status).toBe(403)
    expect((await page(admin, '/admin/campaigns')).text).not.toContain('Cross-site')
  })
})
