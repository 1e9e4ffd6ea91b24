/** The jobs page: core's scheduled jobs (GET /api/v1/admin/jobs); core unreachable shows as an error on the page. */
import { Elysia } from 'elysia'
import type { Redis } from '../../../common/clients/redis'
import { isTransient } from '../../../common/errors'
import type { Logger } from '../../../common/log'
import { jobsPage, type JobsView } from '../../../views/pages/jobs'
import { authGuard } from '../../auth'
import type { CoreAdmin } from '../admin-forms/core-admin'
import { htmlPage, shellOf } from '../static/page'

async function jobsView(core: CoreAdmin, log: Logger): Promise<JobsView> {
  try {
    const reply = await core.call('GET', '/api/v1/admin/jobs')
    if (reply.status === 200) return { items: reply.body.items }
    log.warn('jobs page: core refused the jobs list', { status: reply.status, body: reply.body })
    return { items: [], error: `Core answered ${reply.status}: ${reply.body?.message ?? 'no jobs list'}` }
  } catch (error) {
    if (!isTransient(error)) throw error
    return { items: [], error: 'Core is not reachable right now; the jobs show again once it is back.' }
  }
}

export function jobRoutes(deps: { core: CoreAdmin; redis: Redis; log: Logger }) {
  return new Elysia()
    .use(authGuard(deps))
    .get('/admin/jobs', async ({ session, set }) => {
      const view = await jobsView(deps.core, deps.log)
      return htmlPage(set, jobsPage(shellOf(session!), view))
    })
}
