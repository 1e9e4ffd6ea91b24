/**
 * The outbox relay: publishes rows written by committed transactions to the bus, oldest first, and
 * marks them published. A batch is claimed (SKIP LOCKED, then locked by primary key) inside a
 * READ COMMITTED transaction that stays open while it is published, so relays of several core
 * instances never publish the same row; if publishing fails the transaction rolls back and the
 * rows wait for the next round. READ COMMITTED matters: under REPEATABLE READ the claim's gap
 * locks can deadlock two relays' marking updates, and a relay rolled back after publishing
 * publishes its batch twice. At-least-once: a crash between publish and commit publishes a batch
 * again, and consumers dedupe on eventId.
 */
import { inTransaction, type Pool } from '../../common/clients/mysql'
import type { Bus } from '../../common/bus/port'
import type { Logger } from '../../common/log'
import { lockUnpublished, markPublished, unpublishedCandidates, type PendingOutboxMessage } from '../repositories/outbox'

export interface OutboxRelayOptions {
  pool: Pool
  bus: Bus
  log: Logger
  /** how often to look for rows when nobody nudges */
  pollMs: number
  batchSize?: number
  onPublished?: (count: number) => void
}

/** Consecutive rows of one topic, so a batch keeps its id order across topics. */
function runsByTopic(rows: readonly PendingOutboxMessage[]) {
  const runs: { topic: string; rows: PendingOutboxMessage[] }[] = []
  for (const row of rows) {
    const last = runs.at(-1)
    if (last?.topic === row.topic) last.rows.push(row)
    else runs.push({ topic: row.topic, rows: [row] })
  }
  return runs
}

/** Publishes one batch of unpublished rows; returns how many. */
export async function relayOutboxBatch(pool: Pool, bus: Bus, batchSize: number): Promise<number> {
  return inTransaction(
    pool,
    async (conn) => {
      const rows = await lockUnpublished(conn, await unpublishedCandidates(conn, batchSize))
      for (const run of runsByTopic(rows)) {
        await bus.publish(run.topic, run.rows.map((r) => ({ key: r.key ?? undefined, value: r.payload })))
      }
      await markPublished(conn, rows.map((r) => r.id))
      return rows.length
    },
    { isolation: 'READ COMMITTED' },
  )
}

export function startOutboxRelay(options: OutboxRelayOptions) {
  const batchSize = options.batchSize ?? 500
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = false

  async function drain() {
    let published: number
    do {
      published = await relayOutboxBatch(options.pool, options.bus, batchSize)
      if (published) options.onPublished?.(published)
    } while (published === batchSize && !stopped)
  }

  function run() {
    clearTimeout(timer)
    running = drain()
      .catch((error) => options.log.warn('outbox relay round failed; retrying at the next poll', { error }))
      .finally(() => {
        running = undefined
        if (stopped) return
        if (again) {
          again = false
          run()
        } else timer = setTimeout(run, options.pollMs)
      })
  }
  run()

  return {
    /** a worker just committed rows: publish them now rather than at the next poll */
    nudge() {
      if (stopped) return
      if (running) again = true
      else run()
    },
    /** stops polling, waits for the round in progress, and publishes one last batch */
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      await drain().catch((error) => options.log.warn('last outbox round failed; rows wait for the next start', { error }))
    },
  }
}

export type OutboxRelay = ReturnType<typeof startOutboxRelay>
