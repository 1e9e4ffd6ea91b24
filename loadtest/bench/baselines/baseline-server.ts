/**
 * BASELINE, NOT PRODUCT CODE. What the two benchmark baselines share: the gateway's reservation
 * route and answers, minus everything but the reservation itself. No JWT (the shopper id comes in
 * `X-Axon-User`), no schema validation, no prom-client; outcomes are tallied in a plain object and
 * served as `axon_reservations_total` so the harness reads every target the same way.
 *
 * A baseline stands in for the gateway, so it listens on AXON_GATEWAY_PORT.
 */
import { Elysia } from 'elysia'
import { config } from '../../../common/config'

export type BaselineOutcome = { outcome: 'RESERVED'; token: string; expiresAt: number } | { outcome: string }

/** Answers as the gateway does: 201 for a hold, 409/410/404 for a refusal. */
const statusOf: Record<string, number> = {
  RESERVED: 201,
  SOLD_OUT: 409,
  ALREADY_ENTERED: 409,
  NOT_OPEN: 409,
  CLOSED: 410,
  UNKNOWN_ACTIVITY: 404,
  // the lock baseline's shopper waited longer than its wait budget, like Redisson's tryLock(waitTime)
  LOCK_TIMEOUT: 503,
}

/** The lock baseline's one lock per activity; in the activity's hash tag so it shares its slot. */
export function lockKey(activityId: number): string {
  return `{act:${activityId}}:bench-lock`
}

export function serveBaseline(reserve: (activityId: number, userId: number) => Promise<BaselineOutcome>) {
  const tally: Record<string, number> = {}
  const metrics = () =>
    Object.entries(tally)
      .map(([outcome, n]) => `axon_reservations_total{outcome="${outcome}"} ${n}`)
      .join('\n') + '\n'

  const app = new Elysia()
    .get('/health', () => ({ status: 'ok' }))
    .get('/metrics', metrics)
    .post('/api/v1/activities/:id/reservations', async ({ params, request, set }) => {
      const activityId = Number(params.id)
      const result = await reserve(activityId, Number(request.headers.get('x-axon-user')))
      tally[result.outcome] = (tally[result.outcome] ?? 0) + 1
      set.status = statusOf[result.outcome] ?? 500
      if ('token' in result)
        return { status: 'RESERVED', activityId, token: result.token, expiresAt: new Date(result.expiresAt).toISOString() }
      return { code: result.outcome }
    })
    .listen(config.gatewayPort)
  exitOnSignals(app)
}

/** The harness stops a target with SIGTERM; in-flight requests do not matter by then. */
function exitOnSignals(app: { stop(): unknown }) {
  const exit = () => {
    app.stop()
    process.exit(0)
  }
  process.on('SIGTERM', exit)
  process.on('SIGINT', exit)
}
