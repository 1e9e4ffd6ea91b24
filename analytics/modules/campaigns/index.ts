/** The campaign list, the marketer's start page (`/` leads there); `?fragment=table` is its self-refresh. */
import { Elysia, t } from 'elysia'
import { isTransient } from '../../../common/errors'
import type { Logger } from '../../../common/log'
import { campaignTable, campaignsPage } from '../../../views/pages/campaigns'
import { visibleCampaignIds } from '../../accounts/model'
import { authGuard } from '../../auth'
import type { DashboardDeps } from '../../dashboards/deps'
import { noticeText, noticeQuery } from '../admin-forms/notices'
import { htmlPage, shellOf } from '../static/page'
import { campaignList, campaignListParams } from './service'

const listQuery = t.Object({
  ...campaignListParams.properties,
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
      const canEdit = account!.role === 'admin'
      const visible = visibleCampaignIds(account!)
      if (query.fragment === 'table') return htmlPage(set, campaignTable({ ...(await campaignList(deps, visible, page)), page, canEdit }))
      try {
        const view = { ...(await campaignList(deps, visible, page)), page, canEdit, notice: noticeText(query.notice) }
        return htmlPage(set, campaignsPage(shellOf(session!), view))
      } catch (error) {
        if (!isTransient(error)) throw error
        deps.log.warn('campaign list unavailable', { error })
        const view = { items: [], hasMore: false, page, canEdit, error: 'The campaigns cannot be read right now; this page tries again by itself.' }
        return htmlPage(set, campaignsPage(shellOf(session!), view))
      }
    }, { query: listQuery })
}
