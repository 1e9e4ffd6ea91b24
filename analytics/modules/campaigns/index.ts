/** The campaign list, the marketer's start page (`/` leads there); `?fragment=table` is its self-refresh. */
import { Elysia, t } from 'elysia'
import type { Logger } from '../../../common/log'
import { campaignTable, campaignsPage } from '../../../views/pages/campaigns'
import { authGuard } from '../../auth'
import type { DashboardDeps } from '../../dashboards/deps'
import { noticeText, noticeQuery } from '../admin-forms/notices'
import { htmlPage, shellOf } from '../static/page'
import { campaignList } from './service'

const listQuery = t.Object({
  page: t.Optional(t.Integer({ minimum: 1, maximum: 100_000 })),
  fragment: t.Optional(t.Literal('table')),
  ...noticeQuery,
})

export function campaignRoutes(deps: DashboardDeps & { log: Logger; redis: DashboardDeps['redis'] }) {
  return new Elysia()
    .use(authGuard(deps))
    .get('/', ({ set }) => {
      set.status = 303
      set.headers.location = '/admin/campaigns'
      return ''
    })
    .get('/admin/campaigns', async ({ query, session, account, set }) => {
      const page = query.page ?? 1
      const list = await campaignList(deps, page)
      const view = { ...list, page, canEdit: account!.role === 'admin', notice: noticeText(query.notice) }
      return htmlPage(set, query.fragment === 'table' ? campaignTable(view) : campaignsPage(shellOf(session!), view))
    }, { query: listQuery })
}
