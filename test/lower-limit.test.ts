/**
 * Lowering an activity's limit while units are held (issue 7, defect 2): through core's admin API,
 * the gateway's real reservation scripts and the hold sweeper, the stock never lets more shoppers
 * in than the limit in force.
 */
import { afterAll, expect, test } from 'bun:test'
import { createLogger } from '../common/log'
import { activityKeys } from '../common/redis/keys'
import { startHoldSweeper } from '../gateway/holds/sweeper'
import { takenPlusFree } from './support/activity-state'
import { closeTestClients } from './support/clients'
import { freshUserIds, testCoreApp } from './support/core-app'
import { startTestGateway } from './support/gateway'
import { waitFor } from './support/wait'

const core = testCoreApp()
const gateway = startTestGateway({ redis: core.redis, holdTtlMs: 1500 })
const sweeper = startHoldSweeper({ redis: core.redis, scripts: gateway.scripts, log: createLogger({}, 'error'), intervalMs: 100 })

afterAll(async () => {
  await sweeper.stop()
  await gateway.stop()
  await closeTestClients()
})

async function reserveAndMaybePay(activityId: number, userIds: number[], pay: boolean) {
  return Promise.all(
    userIds.map(async (userId) => {
      const reserved = (await (await gateway.reserve(activityId, userId)).json()) as { token?: string; code?: string }
      if (!reserved.token) return reserved.code ?? '?'
      if (!pay) return 'HELD'
      const paid = (await (await gateway.confirm(reserved.token, userId)).json()) as { status?: string; code?: string }
      return paid.status ?? paid.code ?? '?'
    }),
  )
}

test('a limit below confirmed + held units is refused with the counts, so lapsed holds cannot oversell it', async () => {
  const { activity } = await core.openActivity({ limit: 10 })
  const k = activityKeys(activity.id)
  const [payers, holders, late] = [freshUserIds(5), freshUserIds(5), freshUserIds(5)]
  expect(await reserveAndMaybePay(activity.id, payers, true)).toEqual(payers.map(() => 'CONFIRMED'))
  expect(await reserveAndMaybePay(activity.id, holders, false)).toEqual(holders.map(() => 'HELD'))

  const lowered = await core.call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 6 })
  expect(lowered).toMatchObject({ status: 409, body: { code: 'LIMIT_BELOW_TAKEN', limit: 6, confirmed: 5, holds: 5 } })
  expect((await core.call('GET', `/api/v1/admin/activities/${activity.id}`)).body.limit).toBe(10)
  expect(await core.redis.hget(k.meta, 'limit')).toBe('10')

  // the five holds lapse and the sweeper gives their units back; only then can the limit go to 6
  await waitFor(async () => (await core.redis.zcard(k.holds)) === 0, { what: 'the holds to lapse', timeoutMs: 10_000 })
  const later = await core.call('PATCH', `/api/v1/admin/activities/${activity.id}`, { limit: 6 })
  expect(later.status).toBe(200)
  expect(later.body.live).toMatchObject({ stock: 1, holds: 0, confirmed: 5 })

  const outcomes = await reserveAndMaybePay(activity.id, late, true)
  expect(outcomes.filter((o) => o === 'CONFIRMED').length).toBe(1)
  expect(await core.redis.scard(k.confirmed)).toBe(6)
  expect(await takenPlusFree(core.redis, activity.id)).toBe(6)
})
