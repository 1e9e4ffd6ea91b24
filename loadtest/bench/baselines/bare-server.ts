/**
 * BASELINE, NOT PRODUCT CODE: the DESIGN's prototype shape — Elysia + ioredis (auto-pipelining) +
 * one Lua script — with the product's own reserve-7.lua, so the gap between this and the gateway
 * is exactly what the gateway does around the script (JWT, validation, metrics, error mapping).
 *
 * Run by the benchmark: `bun loadtest/bench/reservations.ts --target bare`.
 */
import { createRedis } from '../../../common/clients/redis'
import { config } from '../../../common/config'
import { commandOutbox } from '../../../common/topics'
import { reservationToken } from '../../../common/redis/keys'
import { outcomeName } from '../../../gateway/lua/codes'
import { reservationScripts } from '../../../gateway/lua/scripts'
import { serveBaseline } from './baseline-server'

const scripts = reservationScripts(createRedis({ name: 'bench-bare' }), { outbox: commandOutbox(config.bus) })
const ttlMs = config.holdTtlSeconds * 1000

serveBaseline(async (activityId, userId) => {
  const now = Date.now()
  const token = reservationToken(activityId, now)
  const reply = await scripts.reserve({ activityId, userId, token, now, ttlMs })
  return reply[0] === 1 ? { outcome: 'RESERVED', token, expiresAt: Number(reply[1]) } : { outcome: outcomeName(reply[0]) }
})
