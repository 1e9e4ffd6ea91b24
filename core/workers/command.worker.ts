/**
 * A command worker thread: its own MySQL pool, bus and Redis connections (Redis for re-checking
 * the verdicts of shoppers it credits), one subscription to the command topic in the core workers'
 * group. Started and stopped by pool.ts through protocol.ts messages.
 */
import { createBus } from '../../common/bus'
import type { Bus, Subscription } from '../../common/bus/port'
import { createMysqlPool, type Pool } from '../../common/clients/mysql'
import { createRedis, type Redis } from '../../common/clients/redis'
import { createLogger } from '../../common/log'
import { markVerdictsForRecheck } from '../eligibility/recheck'
import { createCommandHandler } from './command-handler'
import type { CommandWorkerSettings, FromWorker, ToWorker } from './protocol'

declare const self: Worker

let running: { pool: Pool; redis: Redis; bus: Bus; subscription: Subscription } | undefined

function tell(message: FromWorker) {
  self.postMessage(message)
}

async function start(settings: CommandWorkerSettings) {
  const log = createLogger({ process: 'core', thread: settings.consumer })
  const pool = createMysqlPool({ connectionLimit: settings.concurrency })
  const redis = createRedis({ name: settings.consumer })
  const bus = createBus({ log })
  const handler = createCommandHandler({
    pool,
    eventTopic: settings.eventTopic,
    concurrency: settings.concurrency,
    maxDeliveries: settings.maxDeliveries,
    log,
    onTally: (tally) => tell({ type: 'tally', tally }),
    recheckVerdicts: (userIds) => markVerdictsForRecheck(pool, redis, userIds),
  })
  const subscription = await bus.subscribe({
    topic: settings.topic,
    group: settings.group,
    consumer: settings.consumer,
    handler,
    batchSize: settings.batchSize,
    maxDeliveries: settings.maxDeliveries,
    reclaimIdleMs: settings.reclaimIdleMs,
  })
  running = { pool, redis, bus, subscription }
  tell({ type: 'ready' })
}

async function stop() {
  if (running) {
    await running.subscription.stop()
    await running.bus.close()
    await running.pool.end()
    await running.redis.quit()
  }
  // the open message port would keep the thread alive; closing it is what the pool waits for
  process.exit(0)
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data
  if (message.type === 'start') {
    start(message.settings).catch((error) => {
      tell({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      // the pool sees the thread close and starts a fresh one after a pause
      process.exit(1)
    })
  } else if (message.type === 'stop') void stop()
}
