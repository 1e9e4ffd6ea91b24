/**
 * Create and edit forms for campaigns, products and activities, saved through core's admin API
 * (core-admin.ts). A save that core refuses shows the form again with core's messages next to the
 * fields (400, or core's status); a saved one answers 303 to the list. Admins only: an analyst
 * gets 403 FORBIDDEN (the pages show analysts no edit links).
 */
import { Elysia, t } from 'elysia'
import type { Redis } from '../../../common/clients/redis'
import { idParams } from '../../../common/http/ids'
import { formPage, messagePage, type FormValues } from '../../../views/pages/forms'
import { productsPage } from '../../../views/pages/forms-products'
import { authGuard } from '../../auth'
import type { Session } from '../../auth/sessions'
import { htmlPage, shellOf } from '../static/page'
import { activityForm } from './activity-form'
import { campaignForm, productForm } from './campaign-form'
import type { CoreAdmin } from './core-admin'
import { refusalOf, textOf, type EntityForm, type Mode, type Refusal } from './entity-form'
import { noticeQuery, noticeText, type Notice } from './notices'

type ResponseSet = { status?: number | string; headers: Record<string, unknown> }

interface Ctx {
  session: Session | null
  set: ResponseSet
}

interface FormTexts {
  title: string
  action: string
  submitLabel: string
  cancelHref: string
  intro?: string
}

/** Every field as text, or a list for repeated fields (ticked grades); `_csrf` is the guard's. */
const formBody = t.Record(t.String(), t.Union([t.String({ maxLength: 4000 }), t.Array(t.String({ maxLength: 100 }), { maxItems: 20 })]))

const show = (ctx: Ctx, form: EntityForm, texts: FormTexts, values: FormValues, refusal: Refusal = { errors: {} }, status = 200) =>
  htmlPage(ctx.set, formPage(shellOf(ctx.session!), form.section, { ...texts, fields: form.fields, values, ...refusal }), status)

function seeOther(set: ResponseSet, location: string) {
  set.status = 303
  set.headers.location = location
  return ''
}

export function adminFormRoutes(deps: { core: CoreAdmin; redis: Redis }) {
  const { core } = deps

  const notFound = (ctx: Ctx, what: string) =>
    htmlPage(ctx.set, messagePage(shellOf(ctx.session!), 'campaigns', 'Not found', `${what} does not exist (any more).`), 404)

  /** Sends the form to core; on success 303 to `next(saved)`, else the form again with core's messages. */
  async function submit(ctx: Ctx & { body: FormValues }, form: EntityForm, mode: Mode, texts: FormTexts, method: 'POST' | 'PATCH', path: string, next: (saved: any) => string) {
    const { body, errors } = form.toCore(ctx.body, mode)
    for (const f of form.fields) if (f.required && !textOf(ctx.body[f.name])) errors[f.name] ??= 'is required'
    if (Object.keys(errors).length) return show(ctx, form, texts, ctx.body, { errors }, 400)
    const reply = await core.call(method, path, body)
    if (reply.status === 200 || reply.status === 201) return seeOther(ctx.set, next(reply.body))
    if (reply.status === 404 && mode === 'edit') return notFound(ctx, 'This item')
    return show(ctx, form, texts, ctx.body, refusalOf(reply, form.fields), reply.status >= 500 ? 502 : reply.status)
  }

  /** The edit form filled from core's current entity. */
  async function edit(ctx: Ctx, form: EntityForm, texts: FormTexts, path: string) {
    const reply = await core.call('GET', path)
    if (reply.status === 404) return notFound(ctx, 'This item')
    return show(ctx, form, texts, form.fromCore(reply.body))
  }

  async function productOptions() {
    const reply = await core.call('GET', '/api/v1/admin/products?limit=500')
    return ((reply.body?.items ?? []) as Array<{ id: number; name: string }>).map((p) => ({ value: String(p.id), label: p.name }))
  }

  const campaignTexts = (mode: Mode, id?: number): FormTexts =>
    mode === 'create'
      ? { title: 'New campaign', action: '/admin/campaigns', submitLabel: 'Create campaign', cancelHref: '/admin/campaigns', intro: 'A campaign groups flash-sale activities and carries the budget their CAC is computed from.' }
      : { title: 'Edit campaign', action: `/admin/campaigns/${id}`, submitLabel: 'Save campaign', cancelHref: '/admin/campaigns' }
  const productTexts = (mode: Mode, id?: number): FormTexts =>
    mode === 'create'
      ? { title: 'New product', action: '/admin/products', submitLabel: 'Create product', cancelHref: '/admin/products' }
      : { title: 'Edit product', action: `/admin/products/${id}`, submitLabel: 'Save product', cancelHref: '/admin/products' }
  const activityTexts = (mode: Mode, id: number, campaignId?: number): FormTexts =>
    mode === 'create'
      ? { title: 'New activity', action: `/admin/campaigns/${id}/activities`, submitLabel: 'Create activity', cancelHref: `/admin/campaigns/${id}`, intro: 'A flash sale of one product: units, price and the window it is on sale in.' }
      : { title: 'Edit activity', action: `/admin/activities/${id}`, submitLabel: 'Save activity', cancelHref: campaignId ? `/admin/campaigns/${campaignId}` : '/admin/campaigns' }
  const listWith = (notice: Notice) => () => `/admin/campaigns?notice=${notice}`
  const productsWith = (notice: Notice) => () => `/admin/products?notice=${notice}`
  const toCampaignOf = (saved: { campaignId: number }) => `/admin/campaigns/${saved.campaignId}`

  return new Elysia()
    .use(authGuard(deps))
    .get('/admin/products', async ({ session, account, set, query }) => {
      const reply = await core.call('GET', '/api/v1/admin/products?limit=500')
      return htmlPage(set, productsPage(shellOf(session!), { items: reply.body?.items ?? [], canEdit: account?.role === 'admin', notice: noticeText(query.notice) }))
    }, { query: t.Object(noticeQuery) })
    .guard({}, (admin) =>
      admin
        .onBeforeHandle(({ account, session, set }) => {
          if (account?.role === 'admin') return
          set.headers['x-error-code'] = 'FORBIDDEN'
          return htmlPage(set, messagePage(shellOf(session!), 'campaigns', 'Not allowed', 'Your role may read everything but not create or change; ask an admin.'), 403)
        })
        .get('/admin/campaigns/new', (ctx) => show(ctx, campaignForm, campaignTexts('create'), {}))
        .post('/admin/campaigns', (ctx) => submit(ctx, campaignForm, 'create', campaignTexts('create'), 'POST', '/api/v1/admin/campaigns', listWith('campaign-created')), { body: formBody })
        .get('/admin/campaigns/:id/edit', (ctx) => edit(ctx, campaignForm, campaignTexts('edit', ctx.params.id), `/api/v1/admin/campaigns/${ctx.params.id}`), { params: idParams })
        .post('/admin/campaigns/:id', (ctx) => submit(ctx, campaignForm, 'edit', campaignTexts('edit', ctx.params.id), 'PATCH', `/api/v1/admin/campaigns/${ctx.params.id}`, listWith('campaign-saved')), { params: idParams, body: formBody })
        .get('/admin/products/new', (ctx) => show(ctx, productForm, productTexts('create'), {}))
        .post('/admin/products', (ctx) => submit(ctx, productForm, 'create', productTexts('create'), 'POST', '/api/v1/admin/products', productsWith('product-created')), { body: formBody })
        .get('/admin/products/:id/edit', (ctx) => edit(ctx, productForm, productTexts('edit', ctx.params.id), `/api/v1/admin/products/${ctx.params.id}`), { params: idParams })
        .post('/admin/products/:id', (ctx) => submit(ctx, productForm, 'edit', productTexts('edit', ctx.params.id), 'PATCH', `/api/v1/admin/products/${ctx.params.id}`, productsWith('product-saved')), { params: idParams, body: formBody })
        .get('/admin/campaigns/:id/activities/new', async (ctx) => show(ctx, activityForm(await productOptions()), activityTexts('create', ctx.params.id), { status: 'ACTIVE' }), { params: idParams })
        .post('/admin/campaigns/:id/activities', async (ctx) =>
          submit(ctx, activityForm(await productOptions()), 'create', activityTexts('create', ctx.params.id), 'POST', `/api/v1/admin/campaigns/${ctx.params.id}/activities`, toCampaignOf), { params: idParams, body: formBody })
        .get('/admin/activities/:id/edit', async (ctx) => {
          const current = await core.call('GET', `/api/v1/admin/activities/${ctx.params.id}`)
          return edit(ctx, activityForm(await productOptions()), activityTexts('edit', ctx.params.id, current.body?.campaignId), `/api/v1/admin/activities/${ctx.params.id}`)
        }, { params: idParams })
        .post('/admin/activities/:id', async (ctx) =>
          submit(ctx, activityForm(await productOptions()), 'edit', activityTexts('edit', ctx.params.id), 'PATCH', `/api/v1/admin/activities/${ctx.params.id}`, toCampaignOf), { params: idParams, body: formBody }),
    )
}
