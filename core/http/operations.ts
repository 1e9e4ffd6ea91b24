/** Routes for operators and Prometheus: /health (with MySQL and Redis reachability) and /metrics. */
import { Elysia } from 'elysia'
import type { Pool } from '../../common/clients/mysql'
import type { Redis } from '../../common/clients/redis'
import type { CoreMetrics } from '../metrics'

async function reachable(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await check()
    return 'up'
  } catch {
    return 'down'
  }
}

export function operationRoutes(deps: { pool: Pool; redis: Redis; metrics: CoreMetrics }) {
  return new Elysia()
    .get('/health', async ({ set }) => {
      const [mysql, redis] = await Promise.all([reachable(() => deps.pool.query('SELECT 1')), reachable(() => deps.redis.ping())])
      const status = mysql === 'up' && redis === 'up' ? 'ok' : 'degraded'
      if (status !== 'ok') set.status = 503
      return { status, mysql, redis }
    })
    .get('/metrics', async () => {
      const body = await deps.metrics.registry.metrics()
      return new Response(body, { headers: { 'content-type': deps.metrics.registry.contentType } })
    })
}
