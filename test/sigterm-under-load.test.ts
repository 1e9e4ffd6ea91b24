/**
 * Fault: SIGTERM to each process while shoppers reserve and pay and trackers send events. The
 * process stops accepting, answers what it took in, finishes and acknowledges the batch in hand,
 * and exits 0; started again, the platform catches up. Nothing is lost or doubled: entries equal
 * the payments answered 200, stored tracker events the events /collect accepted. A request that
 * got no answer had no effect: it was refused, or reset before the gateway read it (a connection
 * the kernel completed just as the listener closed, or a keep-alive connection reused just as the
 * server closed it — a client retries those, as the tracker does).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createRedis, type Redis } from '../common/clients/redis'
import { createMysqlPool, type Pool } from '../common/clients/mysql'
import { activityKeys } from '../common/redis/keys'
import { groups, topics } from '../common/topics'
import { createMysqlBehaviorStore } from '../analytics/store/mysql'
import type { BehaviorStore } from '../analytics/store/port'
import { countEntries } from '../core/repositories/entries'
import { testEvent } from './support/events'
import { ownMariadb, ownRedis, type OwnServer } from './support/own-servers'
import { startPlatform, type Platform, type ProcessName } from './support/platform'
import { pendingEntries } from './support/stream-backlog'
import { waitFor } from './support/wait'

let mariadb: OwnServer
let redisServer: OwnServer
let platform: Platform
let pool: Pool
let redis: Redis
let store: BehaviorStore

beforeAll(async () => {
  ;[mariadb, redisServer] = await Promise.all([ownMariadb('axon_sigterm'), ownRedis()])
  platform = await startPlatform({ redisUrl: redisServer.url, mysqlUrl: mariadb.url, settings: { sinkBatchSize: 200 } })
  pool = createMysqlPool({ url: mariadb.url, connectionLimit: 2 })
  redis = createRedis({ name: 'sigterm-test', url: redisServer.url })
  store = createMysqlBehaviorStore({ url: mariadb.url, connectionLimit: 1 })
}, 120_000)

afterAll(async () => {
  await Promise.all([pool?.end(), redis?.quit(), store?.close()])
  await platform?.stop()
  await Promise.all([mariadb?.remove(), redisServer?.remove()])
})

/** What the clients were answered, and how requests failed that got no answer. */
interface Tally {
  paid: number
  accepted: number
  /** error name/code → count, for requests that got no HTTP answer */
  unanswered: Record<string, number>
  /** shoppers whose reservation got no answer */
  unansweredReservations: number[]
}

/** How a request failed that got no answer: refused, reset, or answered with an unexpected status. */
const failureKind = (error: unknown) => {
  const { code, name } = error as { code?: string; name?: string }
  return code ?? name ?? 'unknown'
}
const connectionFailures = new Set(['ConnectionRefused', 'ECONNREFUSED', 'ECONNRESET'])

/** Shoppers who reserve and pay, and trackers posting batches of 20 events, until stopped. */
function startLoad(activityId: number, firstUserId: number) {
  const tally: Tally = { paid: 0, accepted: 0, unanswered: {}, unansweredReservations: [] }
  let running = true
  let nextUser = firstUserId
  const attempt = async (request: () => Promise<void>) => {
    try {
      await request()
    } catch (error) {
      const kind = failureKind(error)
      tally.unanswered[kind] = (tally.unanswered[kind] ?? 0) + 1
      await Bun.sleep(20) // the gateway is down: do not spin
    }
  }
  const shopper = async () => {
    while (running) {
      const userId = nextUser++
      await attempt(async () => {
        const answer = await platform.reserve(activityId, userId).catch((error: unknown) => {
          tally.unansweredReservations.push(userId)
          throw error
        })
        const reserved = (await answer.json()) as { status?: string; token?: string }
        if (reserved.status !== 'RESERVED') throw new Error(`reservation answered ${JSON.stringify(reserved)}`)
        const paid = await platform.confirm(reserved.token!, userId, 80)
        if (paid.status === 200) tally.paid++
        else throw new Error(`confirm answered ${paid.status}`)
      })
    }
  }
  const tracker = async () => {
    while (running) {
      await attempt(async () => {
        const response = await platform.collect(Array.from({ length: 20 }, () => testEvent({ activityId, campaignId: null })))
        if (response.status !== 200) throw new Error(`/collect answered ${response.status}`)
        tally.accepted += ((await response.json()) as { accepted: number }).accepted
      })
    }
  }
  const lanes = [...Array.from({ length: 8 }, shopper), ...Array.from({ length: 4 }, tracker)]
  return {
    tally,
    stop: async () => {
      running = false
      await Promise.all(lanes)
      return tally
    },
  }
}

/** Waits until the platform has applied and stored everything the clients were told it took. */
async function caughtUp(activityId: number, tally: Tally) {
  await waitFor(async () => (await countEntries(pool, activityId)) >= tally.paid, { timeoutMs: 60_000, what: `${tally.paid} entries` })
  await waitFor(
    async () => {
      const counts = await store.countByTrigger({ activityId })
      return (counts.PAGE_VIEW ?? 0) >= tally.accepted && (counts.PURCHASE ?? 0) >= tally.paid
    },
    { timeoutMs: 60_000, what: `${tally.accepted} tracker events and ${tally.paid} PURCHASE events stored` },
  )
  // nothing more arrives once the streams are drained
  await waitFor(async () => (await pendingEntries(redis, topics.campaignActivityCommand, groups.coreCommandWorkers)) === 0, { what: 'commands acknowledged' })
  await waitFor(async () => (await pendingEntries(redis, topics.eventRaw, groups.analyticsSink)) === 0, { what: 'events acknowledged' })
  // a reservation that got no answer took no unit
  const heldWithoutAnswer = tally.unansweredReservations.length
    ? (await redis.smismember(activityKeys(activityId).participants, ...tally.unansweredReservations)).filter(Boolean).length
    : 0
  return { entries: await countEntries(pool, activityId), stored: await store.countByTrigger({ activityId }), heldWithoutAnswer }
}

/** SIGTERM to `name` once the load is under way; checks it left nothing pending, then starts it again. */
async function sigtermUnderLoad(name: ProcessName, firstUserId: number) {
  const activity = await platform.openActivity({ limit: 1_000_000, price: 80 })
  const load = startLoad(activity.id, firstUserId)
  await waitFor(() => load.tally.paid >= 150 && load.tally.accepted >= 2000, { timeoutMs: 30_000, what: 'the load to be under way' })
  const exitCode = await platform.terminate(name)
  const left = {
    commands: await pendingEntries(redis, topics.campaignActivityCommand, groups.coreCommandWorkers),
    events: await pendingEntries(redis, topics.eventRaw, groups.analyticsSink),
  }
  await Bun.sleep(500) // the load meets the stopped process
  await platform.restart(name)
  await waitFor(() => load.tally.paid >= 300, { timeoutMs: 30_000, what: 'the load to go on' })
  const tally = await load.stop()
  return { exitCode, left, tally, ...(await caughtUp(activity.id, tally)) }
}

const expectExact = ({ tally, entries, stored, heldWithoutAnswer }: Awaited<ReturnType<typeof sigtermUnderLoad>>) => {
  expect(entries).toBe(tally.paid)
  expect(stored).toEqual({ PAGE_VIEW: tally.accepted, PURCHASE: tally.paid })
  expect(heldWithoutAnswer).toBe(0)
}

test('SIGTERM to the gateway under load: it answers every request it took in and exits 0; a request without an answer had no effect; counts exact', async () => {
  const run = await sigtermUnderLoad('gateway', 10_000_000)
  expect(run.exitCode).toBe(0)
  // no 5xx or cut-short answer: only connections refused or reset before the gateway read them
  expect(Object.keys(run.tally.unanswered).filter((kind) => !connectionFailures.has(kind))).toEqual([])
  expectExact(run)
}, 180_000)

test('SIGTERM to core under load: its workers finish and acknowledge the batch in hand and it exits 0; counts exact', async () => {
  const run = await sigtermUnderLoad('core', 20_000_000)
  expect(run.exitCode).toBe(0)
  expect(run.left.commands).toBe(0)
  expect(run.tally.unanswered).toEqual({})
  expectExact(run)
}, 180_000)

test('SIGTERM to analytics under load: the sink finishes and acknowledges the batch in hand and it exits 0; counts exact', async () => {
  const run = await sigtermUnderLoad('analytics', 30_000_000)
  expect(run.exitCode).toBe(0)
  expect(run.left.events).toBe(0)
  expect(run.tally.unanswered).toEqual({})
  expectExact(run)
}, 180_000)
